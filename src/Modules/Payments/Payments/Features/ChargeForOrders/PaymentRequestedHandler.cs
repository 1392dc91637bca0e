using HsePayord.Modules.Orders.Contracts;
using Mediator;

namespace HsePayord.Modules.Payments.Features.ChargeForOrders;

/// <summary>
/// The bus's edge into the module: Wolverine delivers <see cref="PaymentRequested"/> through the durable inbox,
/// in batches of whatever has arrived (see PaymentsMessaging), and the module handles them as one command.
/// Public only because Wolverine discovers public handlers.
/// </summary>
public static class PaymentRequestedHandler
{
    public static async Task Handle(PaymentRequested[] requests, IMediator mediator, CancellationToken cancellationToken) =>
        await mediator.Send(
            new ChargeForOrders(Array.ConvertAll(requests, r => new OrderCharge(r.OrderId, r.UserId, r.Amount))),
            cancellationToken);
}

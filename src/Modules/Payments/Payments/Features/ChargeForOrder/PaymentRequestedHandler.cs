using HsePayord.Modules.Orders.Contracts;
using Mediator;

namespace HsePayord.Modules.Payments.Features.ChargeForOrder;

/// <summary>
/// The bus's edge into the module: Wolverine delivers <see cref="PaymentRequested"/> through the durable inbox
/// and the module handles it like any other command. Public only because Wolverine discovers public handlers.
/// </summary>
public static class PaymentRequestedHandler
{
    public static async Task Handle(PaymentRequested message, IMediator mediator, CancellationToken cancellationToken) =>
        await mediator.Send(new ChargeForOrder(message.OrderId, message.UserId, message.Amount), cancellationToken);
}

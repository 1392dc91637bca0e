using HsePayord.BuildingBlocks.Observability;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Contracts;
using Mediator;
using Wolverine;
using Wolverine.Runtime.Batching;

namespace HsePayord.Modules.Payments.Features.ChargeForOrders;

/// <summary>
/// The bus's edge into the module: Wolverine delivers <see cref="PaymentRequested"/> through the durable inbox,
/// in batches of whatever has arrived (see PaymentsMessaging), and the module handles them as one command.
/// Public only because Wolverine discovers public handlers.
/// </summary>
public static class PaymentRequestedHandler
{
    public static async Task Handle(
        PaymentRequested[] requests, IBatchContext batch, Envelope envelope, IMediator mediator, MessagingMetrics metrics,
        CancellationToken cancellationToken)
    {
        using var trace = BatchTracing.ContinueMemberTraces(envelope, nameof(ChargeForOrders));
        var deliveries = JourneyItems.Of(requests, r => r.OrderId, batch, envelope);
        await mediator.Send(
            new ChargeForOrders(requests.Select((r, i) => new OrderCharge(r.OrderId, r.UserId, r.Amount, deliveries[i])).ToList()),
            cancellationToken);
        metrics.RecordHandled(batch, nameof(PaymentRequested));
    }
}

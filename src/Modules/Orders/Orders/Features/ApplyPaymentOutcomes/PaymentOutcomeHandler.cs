using HsePayord.BuildingBlocks.Observability;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Payments.Contracts;
using Mediator;
using Wolverine;
using Wolverine.Runtime.Batching;

namespace HsePayord.Modules.Orders.Features.ApplyPaymentOutcomes;

/// <summary>
/// The bus's edge into the module: Wolverine delivers Payments' outcomes through the durable inbox, in batches of
/// whatever has arrived (see OrdersMessaging), and the module applies them as one command.
/// Public only because Wolverine discovers public handlers.
/// </summary>
public static class PaymentOutcomeHandler
{
    public static async Task Handle(
        PaymentSucceeded[] outcomes, IBatchContext batch, Envelope envelope, IMediator mediator, MessagingMetrics metrics,
        CancellationToken cancellationToken)
    {
        using var trace = BatchTracing.ContinueMemberTraces(envelope, nameof(ApplyPaymentOutcomes));
        var deliveries = JourneyItems.Of(outcomes, o => o.OrderId, batch, envelope);
        await mediator.Send(
            new ApplyPaymentOutcomes(outcomes.Select((o, i) => new PaymentOutcome(o.OrderId, FailureReason: null, deliveries[i])).ToList()),
            cancellationToken);
        metrics.RecordHandled(batch, nameof(PaymentSucceeded));
    }

    public static async Task Handle(
        PaymentFailed[] outcomes, IBatchContext batch, Envelope envelope, IMediator mediator, MessagingMetrics metrics,
        CancellationToken cancellationToken)
    {
        using var trace = BatchTracing.ContinueMemberTraces(envelope, nameof(ApplyPaymentOutcomes));
        var deliveries = JourneyItems.Of(outcomes, o => o.OrderId, batch, envelope);
        await mediator.Send(
            new ApplyPaymentOutcomes(outcomes.Select((o, i) => new PaymentOutcome(o.OrderId, ToFailureReason(o.Reason), deliveries[i])).ToList()),
            cancellationToken);
        metrics.RecordHandled(batch, nameof(PaymentFailed));
    }

    private static OrderFailureReason ToFailureReason(PaymentFailureReason reason) => reason switch
    {
        PaymentFailureReason.InsufficientFunds => OrderFailureReason.InsufficientFunds,
        PaymentFailureReason.AccountNotFound => OrderFailureReason.AccountNotFound,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown payment failure reason"),
    };
}

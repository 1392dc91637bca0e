using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Payments.Contracts;
using Mediator;

namespace HsePayord.Modules.Orders.Features.ApplyPaymentOutcomes;

/// <summary>
/// The bus's edge into the module: Wolverine delivers Payments' outcomes through the durable inbox, in batches of
/// whatever has arrived (see OrdersMessaging), and the module applies them as one command.
/// Public only because Wolverine discovers public handlers.
/// </summary>
public static class PaymentOutcomeHandler
{
    public static async Task Handle(PaymentSucceeded[] outcomes, IMediator mediator, CancellationToken cancellationToken) =>
        await mediator.Send(
            new ApplyPaymentOutcomes(Array.ConvertAll(outcomes, o => new PaymentOutcome(o.OrderId, FailureReason: null))),
            cancellationToken);

    public static async Task Handle(PaymentFailed[] outcomes, IMediator mediator, CancellationToken cancellationToken) =>
        await mediator.Send(
            new ApplyPaymentOutcomes(Array.ConvertAll(outcomes, o => new PaymentOutcome(o.OrderId, ToFailureReason(o.Reason)))),
            cancellationToken);

    private static OrderFailureReason ToFailureReason(PaymentFailureReason reason) => reason switch
    {
        PaymentFailureReason.InsufficientFunds => OrderFailureReason.InsufficientFunds,
        PaymentFailureReason.AccountNotFound => OrderFailureReason.AccountNotFound,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown payment failure reason"),
    };
}

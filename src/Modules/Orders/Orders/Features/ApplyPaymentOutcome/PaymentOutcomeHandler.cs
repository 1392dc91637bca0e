using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Payments.Contracts;
using Mediator;

namespace HsePayord.Modules.Orders.Features.ApplyPaymentOutcome;

/// <summary>
/// The bus's edge into the module: Wolverine delivers Payments' outcomes through the durable inbox and the
/// module applies them as a command. Public only because Wolverine discovers public handlers.
/// </summary>
public static class PaymentOutcomeHandler
{
    public static async Task Handle(PaymentSucceeded message, IMediator mediator, CancellationToken cancellationToken) =>
        await mediator.Send(new ApplyPaymentOutcome(message.OrderId, FailureReason: null), cancellationToken);

    public static async Task Handle(PaymentFailed message, IMediator mediator, CancellationToken cancellationToken) =>
        await mediator.Send(new ApplyPaymentOutcome(message.OrderId, ToFailureReason(message.Reason)), cancellationToken);

    private static OrderFailureReason ToFailureReason(PaymentFailureReason reason) => reason switch
    {
        PaymentFailureReason.InsufficientFunds => OrderFailureReason.InsufficientFunds,
        PaymentFailureReason.AccountNotFound => OrderFailureReason.AccountNotFound,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown payment failure reason"),
    };
}

using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.Modules.Payments.Contracts;
using HsePayord.Modules.Payments.Domain;
using HsePayord.Modules.Payments.Persistence;
using Mediator;

namespace HsePayord.Modules.Payments.Features.ChargeForOrder;

internal sealed record ChargeForOrder(Guid OrderId, string UserId, decimal Amount) : ICommand, IOrderMessage;

/// <summary>
/// Charges an order exactly once. The payment row (keyed by order id), the balance change and the outcome
/// message commit together; a repeated request finds the recorded payment and answers with the same outcome.
/// </summary>
internal sealed class ChargeForOrderHandler(PaymentsDbContext db, IOutbox outbox, TimeProvider clock)
    : ICommandHandler<ChargeForOrder>
{
    public async ValueTask<Unit> Handle(ChargeForOrder command, CancellationToken cancellationToken)
    {
        var payment = await db.Payments.FindAsync([command.OrderId], cancellationToken);
        if (payment is null)
        {
            var now = clock.GetUtcNowForStorage();
            var account = await db.Accounts.FindAsync([command.UserId], cancellationToken);
            payment = account?.Charge(command.OrderId, command.Amount, now)
                ?? Payment.Declined(command.OrderId, command.UserId, command.Amount, DeclineReason.AccountNotFound, now);
            db.Payments.Add(payment);
        }

        outbox.Enqueue(ToOutcome(payment));
        return Unit.Value;
    }

    private static object ToOutcome(Payment payment) => payment.DeclineReason switch
    {
        null => new PaymentSucceeded(payment.OrderId, payment.UserId, payment.Amount, payment.ProcessedAt),
        DeclineReason.InsufficientFunds => new PaymentFailed(
            payment.OrderId, payment.UserId, PaymentFailureReason.InsufficientFunds, payment.ProcessedAt),
        DeclineReason.AccountNotFound => new PaymentFailed(
            payment.OrderId, payment.UserId, PaymentFailureReason.AccountNotFound, payment.ProcessedAt),
        _ => throw new InvalidOperationException($"Unknown decline reason {payment.DeclineReason}"),
    };
}

using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.BuildingBlocks.Pipeline;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Payments.Contracts;
using HsePayord.Modules.Payments.Domain;
using HsePayord.Modules.Payments.Features.GetPaymentJourney;
using HsePayord.Modules.Payments.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HsePayord.Modules.Payments.Features.ChargeForOrders;

internal sealed record OrderCharge(Guid OrderId, string UserId, decimal Amount, JourneyItem Delivery);

/// <summary>Charge each order once, in the order the requests arrived (one or a batch of many).</summary>
internal sealed record ChargeForOrders(IReadOnlyList<OrderCharge> Charges) : ICommand, ILogScopedMessage, IJourneyCommand
{
    string ILogScopedMessage.LogScopeName => "OrderIds";

    IEnumerable<Guid> ILogScopedMessage.LogScopeIds => Charges.Select(c => c.OrderId);

    public IReadOnlyList<JourneyItem> JourneyItems => Charges.Select(c => c.Delivery).ToList();
}

/// <summary>
/// Charges every order exactly once. The payment rows (keyed by order id), the balance changes and the outcome
/// messages of a whole batch commit in one transaction; a repeated request finds the recorded payment and answers
/// with the same outcome. Two charges of one account in a batch see each other's balance (one tracked entity).
/// Batches run side by side; one that charges an account another batch is charging waits for it (a row lock) rather
/// than failing on the account's row version and running again, so a busy account costs a wait, not a retry.
/// </summary>
internal sealed class ChargeForOrdersHandler(PaymentsDbContext db, IOutbox outbox, IJournal journal, TimeProvider clock)
    : ICommandHandler<ChargeForOrders>
{
    public async ValueTask<Unit> Handle(ChargeForOrders command, CancellationToken cancellationToken)
    {
        var orderIds = command.Charges.Select(c => c.OrderId).Distinct().ToList();
        var payments = await db.Payments.Where(p => orderIds.Contains(p.OrderId)).ToDictionaryAsync(p => p.OrderId, cancellationToken);

        var userIds = command.Charges.Where(c => !payments.ContainsKey(c.OrderId)).Select(c => c.UserId).Distinct().ToArray();
        await LockAccountsAsync(userIds, cancellationToken);
        var accounts = await db.Accounts.Where(a => userIds.Contains(a.UserId)).ToDictionaryAsync(a => a.UserId, cancellationToken);

        var now = clock.GetUtcNowForStorage();
        foreach (var charge in command.Charges)
        {
            var messageId = charge.Delivery.MessageId;
            journal.Enlist(db, charge.OrderId, PaymentJourney.RequestReceived, messageId,
                $"{charge.Amount} from {charge.UserId}, attempt {charge.Delivery.Attempt}");
            if (!payments.TryGetValue(charge.OrderId, out var payment))
            {
                if (accounts.TryGetValue(charge.UserId, out var account))
                {
                    var before = account.Balance;
                    payment = account.Charge(charge.OrderId, charge.Amount, now);
                    journal.Enlist(db, charge.OrderId, payment.Succeeded ? PaymentJourney.Charged : PaymentJourney.Refused, messageId,
                        $"{(payment.Succeeded ? "" : $"{payment.DeclineReason}; ")}balance {Money(before)} → {Money(account.Balance)}");
                }
                else
                {
                    payment = Payment.Declined(charge.OrderId, charge.UserId, charge.Amount, DeclineReason.AccountNotFound, now);
                    journal.Enlist(db, charge.OrderId, PaymentJourney.Refused, messageId, $"{DeclineReason.AccountNotFound}: no account");
                }

                db.Payments.Add(payment);
                payments.Add(charge.OrderId, payment);
            }
            else
            {
                journal.Enlist(db, charge.OrderId, PaymentJourney.AlreadyProcessed, messageId,
                    $"recorded outcome sent again: {(payment.Succeeded ? "charged" : payment.DeclineReason.ToString())}");
            }

            outbox.Enqueue(ToOutcome(payment));
        }

        return Unit.Value;
    }

    /// <summary>
    /// Locks the accounts until this unit of work commits (its transaction starts here), always in the same order, so
    /// two batches never wait for each other in a circle. The accounts are read after the lock: with the balance
    /// another batch just committed. The row version stays as the guard for any writer that does not lock.
    /// </summary>
    private async Task LockAccountsAsync(string[] userIds, CancellationToken cancellationToken)
    {
        if (userIds.Length == 0)
        {
            return;
        }

        // A rehearsal (the start-up warm-up) has begun the transaction it will roll back.
        if (db.Database.CurrentTransaction is null)
        {
            await db.Database.BeginTransactionAsync(cancellationToken);
        }

        await db.Database.ExecuteSqlAsync(
            $"SELECT 1 FROM payments.accounts WHERE user_id = ANY({userIds}) ORDER BY user_id COLLATE \"C\" FOR UPDATE",
            cancellationToken);
    }

    private static string Money(decimal amount) => amount.ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);

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

using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.BuildingBlocks.Pipeline;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Orders.Features.GetOrderJourney;
using HsePayord.Modules.Orders.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace HsePayord.Modules.Orders.Features.ApplyPaymentOutcomes;

/// <param name="FailureReason">Null when the order was paid.</param>
internal sealed record PaymentOutcome(Guid OrderId, OrderFailureReason? FailureReason, JourneyItem Delivery);

/// <summary>Apply what Payments decided, for one order or a batch of them.</summary>
internal sealed record ApplyPaymentOutcomes(IReadOnlyList<PaymentOutcome> Outcomes) : ICommand, ILogScopedMessage, IJourneyCommand
{
    string ILogScopedMessage.LogScopeName => "OrderIds";

    IEnumerable<Guid> ILogScopedMessage.LogScopeIds => Outcomes.Select(o => o.OrderId);

    public IReadOnlyList<JourneyItem> JourneyItems => Outcomes.Select(o => o.Delivery).ToList();
}

/// <summary>
/// Settles each order once. A duplicate or late outcome finds it settled and changes nothing; a real change
/// commits together with its live notification, which is sent only after the commit.
/// </summary>
internal sealed class ApplyPaymentOutcomesHandler(OrdersDbContext db, IOutbox outbox, IJournal journal, TimeProvider clock)
    : ICommandHandler<ApplyPaymentOutcomes>
{
    public async ValueTask<Unit> Handle(ApplyPaymentOutcomes command, CancellationToken cancellationToken)
    {
        var orderIds = command.Outcomes.Select(o => o.OrderId).Distinct().ToList();
        var orders = await db.Orders.Where(o => orderIds.Contains(o.OrderId)).ToDictionaryAsync(o => o.OrderId, cancellationToken);

        // An outcome for an order this database never had is a wiring fault: failing dead-letters it (alone, as
        // the batch is then probed message by message) for an operator to look at.
        var unknown = orderIds.Where(id => !orders.ContainsKey(id)).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidOperationException($"Payment outcome for unknown order(s) {string.Join(", ", unknown)}");
        }

        var now = clock.GetUtcNowForStorage();
        foreach (var outcome in command.Outcomes)
        {
            var order = orders[outcome.OrderId];
            var outcomeName = outcome.FailureReason is { } failure ? $"PaymentFailed ({failure})" : "PaymentSucceeded";
            journal.Enlist(db, order.OrderId, OrderJourney.OutcomeReceived, outcome.Delivery.MessageId,
                $"{outcomeName}, attempt {outcome.Delivery.Attempt}");
            var changed = outcome.FailureReason is { } reason ? order.MarkPaymentFailed(reason, now) : order.MarkPaid(now);
            if (changed)
            {
                outbox.Enqueue(OrderResponse.ToStatusChanged(order));
                journal.Enlist(db, order.OrderId, OrderJourney.StatusCommitted, outcome.Delivery.MessageId, order.Status.ToString());
            }
            else
            {
                journal.Enlist(db, order.OrderId, OrderJourney.OutcomeIgnored, outcome.Delivery.MessageId,
                    $"already {order.Status}");
            }
        }

        return Unit.Value;
    }
}

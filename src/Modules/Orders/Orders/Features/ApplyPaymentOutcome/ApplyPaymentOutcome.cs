using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Orders.Persistence;
using Mediator;

namespace HsePayord.Modules.Orders.Features.ApplyPaymentOutcome;

/// <param name="FailureReason">Null when the order was paid.</param>
internal sealed record ApplyPaymentOutcome(Guid OrderId, OrderFailureReason? FailureReason) : ICommand, IOrderMessage;

/// <summary>
/// Settles the order once. A duplicate or late outcome finds it settled and changes nothing; a real change
/// commits together with the live notification, which is sent only after the commit.
/// </summary>
internal sealed class ApplyPaymentOutcomeHandler(OrdersDbContext db, IOutbox outbox, TimeProvider clock)
    : ICommandHandler<ApplyPaymentOutcome>
{
    public async ValueTask<Unit> Handle(ApplyPaymentOutcome command, CancellationToken cancellationToken)
    {
        // An outcome for an order this database never had is a wiring fault: failing dead-letters it for an operator.
        var order = await db.Orders.FindAsync([command.OrderId], cancellationToken)
            ?? throw new InvalidOperationException($"Payment outcome for unknown order {command.OrderId}");

        var now = clock.GetUtcNowForStorage();
        var changed = command.FailureReason is { } reason ? order.MarkPaymentFailed(reason, now) : order.MarkPaid(now);
        if (changed)
        {
            outbox.Enqueue(OrderResponse.ToStatusChanged(order));
        }

        return Unit.Value;
    }
}

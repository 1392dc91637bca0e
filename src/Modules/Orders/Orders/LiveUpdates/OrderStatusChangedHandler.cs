using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Admission;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Orders.Features;
using HsePayord.Modules.Orders.Features.GetOrderJourney;
using Mediator;
using Microsoft.AspNetCore.SignalR;

namespace HsePayord.Modules.Orders.LiveUpdates;

internal sealed record OrderUpdated(OrderStatusChanged Change) : INotification;

/// <summary>
/// Every Orders replica receives every <see cref="OrderStatusChanged"/> (fanout) and pushes it to the
/// connections it holds, so a user's browser hears about the order whichever replica settled it.
/// Public only because Wolverine discovers public handlers.
/// </summary>
public static class OrderStatusChangedHandler
{
    public static async Task Handle(OrderStatusChanged message, IMediator mediator, CancellationToken cancellationToken) =>
        await mediator.Publish(new OrderUpdated(message), cancellationToken);
}

internal sealed class PushOrderUpdate(IHubContext<OrdersHub> hub, UserConnections connections, PendingOrders pending, IJournal journal)
    : INotificationHandler<OrderUpdated>
{
    public async ValueTask Handle(OrderUpdated notification, CancellationToken cancellationToken)
    {
        var change = notification.Change;
        if (change.Status != nameof(Domain.OrderStatus.PaymentPending))
        {
            pending.Settled(change.OrderId);
        }

        await hub.Clients.Group(OrdersHub.GroupOf(change.UserId))
            .SendAsync(OrdersHub.OrderUpdatedEvent, OrderResponse.From(change), cancellationToken);

        // Every replica hears every change; only those holding a connection of the user have something to tell.
        if (connections.Of(change.UserId) is var count and > 0)
        {
            journal.Post(change.OrderId, OrderJourney.Pushed,
                detail: $"{change.Status} to {count} connection{(count == 1 ? "" : "s")}");
        }
    }
}

/// <summary>How many hub connections each user has on this replica.</summary>
internal sealed class UserConnections
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _counts = new();

    public int Of(string userId) => _counts.TryGetValue(userId, out var count) ? count : 0;

    public void Connected(string userId) => _counts.AddOrUpdate(userId, 1, (_, count) => count + 1);

    public void Disconnected(string userId)
    {
        if (_counts.AddOrUpdate(userId, 0, (_, count) => Math.Max(count - 1, 0)) == 0)
        {
            _counts.TryRemove(new KeyValuePair<string, int>(userId, 0));
        }
    }
}

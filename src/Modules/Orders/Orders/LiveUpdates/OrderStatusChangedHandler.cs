using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Orders.Features;
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

internal sealed class PushOrderUpdate(IHubContext<OrdersHub> hub) : INotificationHandler<OrderUpdated>
{
    public async ValueTask Handle(OrderUpdated notification, CancellationToken cancellationToken) =>
        await hub.Clients.Group(OrdersHub.GroupOf(notification.Change.UserId))
            .SendAsync(OrdersHub.OrderUpdatedEvent, OrderResponse.From(notification.Change), cancellationToken);
}

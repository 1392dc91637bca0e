using HsePayord.BuildingBlocks.Application;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Orders.Domain;

namespace HsePayord.Modules.Orders.Features;

/// <summary>An order as the API and the hub show it.</summary>
internal sealed record OrderResponse(
    Guid OrderId,
    string UserId,
    decimal Amount,
    string? Description,
    OrderStatus Status,
    OrderFailureReason? FailureReason,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    // UTC DateTime serializes with a trailing "Z", as the contract shows.
    public static OrderResponse From(Order order) => new(
        order.OrderId, order.UserId, Money.Normalize(order.Amount), order.Description, order.Status,
        order.FailureReason, order.CreatedAt.UtcDateTime, order.UpdatedAt.UtcDateTime);

    public static OrderResponse From(OrderStatusChanged change) => new(
        change.OrderId, change.UserId, change.Amount, change.Description, Enum.Parse<OrderStatus>(change.Status),
        change.FailureReason is null ? null : Enum.Parse<OrderFailureReason>(change.FailureReason),
        change.CreatedAt.UtcDateTime, change.UpdatedAt.UtcDateTime);

    public static OrderStatusChanged ToStatusChanged(Order order) => new(
        order.OrderId, order.UserId, Money.Normalize(order.Amount), order.Description, order.Status.ToString(),
        order.FailureReason?.ToString(), order.CreatedAt, order.UpdatedAt);
}

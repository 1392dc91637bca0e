namespace HsePayord.Modules.Orders.Contracts;

/// <summary>
/// An order was created or its status changed (already committed). Fanned out to every Orders replica, each of
/// which pushes it to its own SignalR connections of that user. Status and reason are the contract's names.
/// </summary>
public sealed record OrderStatusChanged(
    Guid OrderId,
    string UserId,
    decimal Amount,
    string? Description,
    string Status,
    string? FailureReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

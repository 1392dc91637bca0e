namespace HsePayord.Modules.Orders.Contracts;

/// <summary>Orders asks Payments to charge <paramref name="Amount"/> for a new order, exactly once.</summary>
public sealed record PaymentRequested(Guid OrderId, string UserId, decimal Amount, DateTimeOffset RequestedAt);

namespace HsePayord.Modules.Payments.Contracts;

/// <summary>The order was charged: the user's balance dropped by <paramref name="Amount"/>.</summary>
public sealed record PaymentSucceeded(Guid OrderId, string UserId, decimal Amount, DateTimeOffset ProcessedAt);

/// <summary>Nothing was charged for the order.</summary>
public sealed record PaymentFailed(Guid OrderId, string UserId, PaymentFailureReason Reason, DateTimeOffset ProcessedAt);

public enum PaymentFailureReason
{
    InsufficientFunds = 1,
    AccountNotFound = 2,
}

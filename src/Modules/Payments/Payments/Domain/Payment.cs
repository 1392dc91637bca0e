namespace HsePayord.Modules.Payments.Domain;

internal enum DeclineReason
{
    InsufficientFunds = 1,
    AccountNotFound = 2,
}

/// <summary>
/// The one outcome of charging one order. Keyed by order id, so a second attempt to charge the same order
/// finds this record (or collides with it) instead of charging again.
/// </summary>
internal sealed class Payment
{
    private Payment(Guid orderId, string userId, decimal amount, DeclineReason? declineReason, DateTimeOffset processedAt)
    {
        OrderId = orderId;
        UserId = userId;
        Amount = amount;
        DeclineReason = declineReason;
        ProcessedAt = processedAt;
    }

    public Guid OrderId { get; private set; }

    public string UserId { get; private set; }

    public decimal Amount { get; private set; }

    /// <summary>Null when the order was charged.</summary>
    public DeclineReason? DeclineReason { get; private set; }

    public DateTimeOffset ProcessedAt { get; private set; }

    public bool Succeeded => DeclineReason is null;

    public static Payment Completed(Guid orderId, string userId, decimal amount, DateTimeOffset at) =>
        new(orderId, userId, amount, null, at);

    public static Payment Declined(Guid orderId, string userId, decimal amount, DeclineReason reason, DateTimeOffset at) =>
        new(orderId, userId, amount, reason, at);
}

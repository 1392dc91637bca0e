namespace HsePayord.Modules.Orders.Domain;

internal enum OrderStatus
{
    PaymentPending = 1,
    Paid = 2,
    PaymentFailed = 3,
}

internal enum OrderFailureReason
{
    InsufficientFunds = 1,
    AccountNotFound = 2,
}

/// <summary>
/// An order moves once, from <see cref="OrderStatus.PaymentPending"/> to <see cref="OrderStatus.Paid"/> or
/// <see cref="OrderStatus.PaymentFailed"/>; a late or repeated outcome changes nothing.
/// </summary>
internal sealed class Order
{
    /// <summary>The longest description an order keeps (the contract's rule, and the column's length).</summary>
    public const int DescriptionMaxLength = 200;

    private Order(Guid orderId, string userId, decimal amount, string? description, DateTimeOffset createdAt)
    {
        OrderId = orderId;
        UserId = userId;
        Amount = amount;
        Description = description;
        Status = OrderStatus.PaymentPending;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public Guid OrderId { get; private set; }

    public string UserId { get; private set; }

    public decimal Amount { get; private set; }

    public string? Description { get; private set; }

    public OrderStatus Status { get; private set; }

    public OrderFailureReason? FailureReason { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Row version: two outcomes settling the same order at once cannot both win.</summary>
    public uint Version { get; private set; }

    public static Order Place(Guid orderId, string userId, decimal amount, string? description, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        return new Order(orderId, userId, amount, description, at);
    }

    /// <returns>Whether the status changed.</returns>
    public bool MarkPaid(DateTimeOffset at) => Settle(OrderStatus.Paid, null, at);

    /// <returns>Whether the status changed.</returns>
    public bool MarkPaymentFailed(OrderFailureReason reason, DateTimeOffset at) => Settle(OrderStatus.PaymentFailed, reason, at);

    private bool Settle(OrderStatus status, OrderFailureReason? reason, DateTimeOffset at)
    {
        if (Status != OrderStatus.PaymentPending)
        {
            return false;
        }

        Status = status;
        FailureReason = reason;
        // Clients keep the event with the latest updatedAt, so a settled order must never look older than its creation.
        UpdatedAt = at > CreatedAt ? at : CreatedAt.AddTicks(10);
        return true;
    }
}

namespace HsePayord.Modules.Payments.Domain;

/// <summary>One user's money. The balance never drops below zero and each order is charged at most once.</summary>
internal sealed class Account
{
    private Account(string userId, DateTimeOffset createdAt)
    {
        UserId = userId;
        CreatedAt = createdAt;
        UpdatedAt = createdAt;
    }

    public string UserId { get; private set; }

    public decimal Balance { get; private set; }

    /// <summary>Row version for optimistic concurrency: a commit against a stale version is rejected.</summary>
    public uint Version { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    public static Account Open(string userId, DateTimeOffset at) => new(userId, at);

    public void Deposit(decimal amount, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        Balance += amount;
        UpdatedAt = at;
    }

    /// <summary>Charges the order if the balance covers it; otherwise records the decline and leaves the balance alone.</summary>
    public Payment Charge(Guid orderId, decimal amount, DateTimeOffset at)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        if (Balance < amount)
        {
            return Payment.Declined(orderId, UserId, amount, DeclineReason.InsufficientFunds, at);
        }

        Balance -= amount;
        UpdatedAt = at;
        return Payment.Completed(orderId, UserId, amount, at);
    }
}

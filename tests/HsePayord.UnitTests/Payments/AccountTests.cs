using HsePayord.Modules.Payments.Domain;

namespace HsePayord.UnitTests.Payments;

public sealed class AccountTests
{
    private static readonly DateTimeOffset OpenedAt = new(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Later = OpenedAt.AddMinutes(5);

    public static TheoryData<decimal, decimal, decimal> Deposits => new()
    {
        { 0m, 100m, 100m },
        { 150.5m, 100.25m, 250.75m },
        { 0m, 0.01m, 0.01m },
        { 999_999.99m, 1_000_000m, 1_999_999.99m },
    };

    public static TheoryData<decimal, decimal, decimal> CoveredCharges => new()
    {
        { 100m, 40m, 60m },
        { 100m, 100m, 0m },
        { 0.02m, 0.01m, 0.01m },
        { 250.75m, 0.75m, 250m },
    };

    public static TheoryData<decimal, decimal> UncoveredCharges => new()
    {
        { 0m, 0.01m },
        { 39.99m, 40m },
        { 100m, 100.01m },
        { 100m, 1_000_000m },
    };

    [Fact]
    public void A_new_account_has_a_balance_of_0()
    {
        var account = Account.Open("alice", OpenedAt);

        Assert.Equal(0m, account.Balance);
        Assert.Equal(OpenedAt, account.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(Deposits))]
    public void Given_a_balance_when_depositing_then_the_balance_grows_by_the_deposit(decimal balance, decimal deposit, decimal expected)
    {
        var account = AccountWith(balance);

        account.Deposit(deposit, Later);

        Assert.Equal(expected, account.Balance);
        Assert.Equal(Later, account.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(Examples.NonPositiveAmountCases), MemberType = typeof(Examples))]
    public void A_non_positive_deposit_is_rejected_and_changes_nothing(decimal amount)
    {
        var account = AccountWith(100m);

        Assert.Throws<ArgumentOutOfRangeException>(() => account.Deposit(amount, Later));

        Assert.Equal(100m, account.Balance);
        Assert.Equal(OpenedAt, account.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(CoveredCharges))]
    public void Given_a_balance_that_covers_the_charge_then_the_balance_drops_by_it(decimal balance, decimal charge, decimal expected)
    {
        var account = AccountWith(balance);
        var orderId = Guid.NewGuid();

        var payment = account.Charge(orderId, charge, Later);

        Assert.Equal(expected, account.Balance);
        Assert.Equal(Later, account.UpdatedAt);
        Assert.True(payment.Succeeded);
        Assert.Null(payment.DeclineReason);
        Assert.Equal((orderId, "alice", charge, Later), (payment.OrderId, payment.UserId, payment.Amount, payment.ProcessedAt));
    }

    [Theory]
    [MemberData(nameof(UncoveredCharges))]
    public void Given_a_balance_that_does_not_cover_the_charge_then_nothing_is_charged_and_the_decline_is_InsufficientFunds(
        decimal balance, decimal charge)
    {
        var account = AccountWith(balance);
        var orderId = Guid.NewGuid();

        var payment = account.Charge(orderId, charge, Later);

        Assert.Equal(balance, account.Balance);
        Assert.Equal(OpenedAt, account.UpdatedAt);
        Assert.False(payment.Succeeded);
        Assert.Equal(DeclineReason.InsufficientFunds, payment.DeclineReason);
        Assert.Equal((orderId, "alice", charge, Later), (payment.OrderId, payment.UserId, payment.Amount, payment.ProcessedAt));
    }

    [Theory]
    [MemberData(nameof(Examples.NonPositiveAmountCases), MemberType = typeof(Examples))]
    public void A_non_positive_charge_is_rejected_and_changes_nothing(decimal amount)
    {
        var account = AccountWith(100m);

        Assert.Throws<ArgumentOutOfRangeException>(() => account.Charge(Guid.NewGuid(), amount, Later));

        Assert.Equal(100m, account.Balance);
    }

    [Fact]
    public void Given_balance_100_when_charging_30_50_40_20_then_the_40_is_declined_and_the_balance_ends_at_0()
    {
        var account = AccountWith(100m);

        var succeeded = new List<bool>();
        foreach (var amount in new[] { 30m, 50m, 40m, 20m })
        {
            succeeded.Add(account.Charge(Guid.NewGuid(), amount, Later).Succeeded);
            Assert.True(account.Balance >= 0m, $"the balance dropped to {account.Balance}");
        }

        Assert.Equal([true, true, false, true], succeeded);
        Assert.Equal(0m, account.Balance);
    }

    private static Account AccountWith(decimal balance)
    {
        var account = Account.Open("alice", OpenedAt);
        if (balance > 0)
        {
            account.Deposit(balance, OpenedAt);
        }

        return account;
    }
}

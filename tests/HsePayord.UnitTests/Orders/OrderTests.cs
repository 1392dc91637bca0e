using HsePayord.Modules.Orders.Domain;

namespace HsePayord.UnitTests.Orders;

public enum PaymentOutcome
{
    Paid,
    InsufficientFunds,
    AccountNotFound,
}

public sealed class OrderTests
{
    private static readonly DateTimeOffset PlacedAt = new(2026, 11, 24, 19, 0, 0, TimeSpan.Zero);

    public static TheoryData<PaymentOutcome> Outcomes => Theories.Of(Enum.GetValues<PaymentOutcome>());

    public static TheoryData<PaymentOutcome, PaymentOutcome> OutcomePairs =>
        Theories.Cross(Enum.GetValues<PaymentOutcome>(), Enum.GetValues<PaymentOutcome>());

    [Fact]
    public void A_placed_order_awaits_its_payment()
    {
        var orderId = Guid.NewGuid();

        var order = Order.Place(orderId, "alice", 25m, "Coffee", PlacedAt);

        Assert.Equal(orderId, order.OrderId);
        Assert.Equal("alice", order.UserId);
        Assert.Equal(25m, order.Amount);
        Assert.Equal("Coffee", order.Description);
        Assert.Equal(OrderStatus.PaymentPending, order.Status);
        Assert.Null(order.FailureReason);
        Assert.Equal(PlacedAt, order.CreatedAt);
        Assert.Equal(PlacedAt, order.UpdatedAt);
    }

    [Theory]
    [MemberData(nameof(Examples.NonPositiveAmountCases), MemberType = typeof(Examples))]
    public void An_order_amount_must_be_greater_than_0(decimal amount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Order.Place(Guid.NewGuid(), "alice", amount, null, PlacedAt));

    [Theory]
    [MemberData(nameof(Outcomes))]
    public void A_pending_order_takes_its_payment_outcome(PaymentOutcome outcome)
    {
        var order = PlaceOrder();
        var settledAt = PlacedAt.AddSeconds(2);

        var changed = Settle(order, outcome, settledAt);

        Assert.True(changed);
        Assert.Equal(ExpectedStatus(outcome), order.Status);
        Assert.Equal(ExpectedFailureReason(outcome), order.FailureReason);
        Assert.Equal(settledAt, order.UpdatedAt);
        Assert.Equal(PlacedAt, order.CreatedAt);
    }

    [Theory]
    [MemberData(nameof(OutcomePairs))]
    public void A_settled_order_ignores_a_later_outcome(PaymentOutcome first, PaymentOutcome later)
    {
        var order = PlaceOrder();
        Settle(order, first, PlacedAt.AddSeconds(2));

        var changed = Settle(order, later, PlacedAt.AddSeconds(5));

        Assert.False(changed);
        Assert.Equal(ExpectedStatus(first), order.Status);
        Assert.Equal(ExpectedFailureReason(first), order.FailureReason);
        Assert.Equal(PlacedAt.AddSeconds(2), order.UpdatedAt);
    }

    // The clock of the process that settles an order may lag behind the one that placed it; clients keep the
    // event with the latest updatedAt, so the settled order must still look newer than the pending one, and by
    // at least the microsecond PostgreSQL keeps.
    [Theory]
    [InlineData(PaymentOutcome.Paid, 0)]
    [InlineData(PaymentOutcome.Paid, -1)]
    [InlineData(PaymentOutcome.InsufficientFunds, -60_000)]
    [InlineData(PaymentOutcome.AccountNotFound, -1)]
    public void A_settled_order_is_never_older_than_its_creation(PaymentOutcome outcome, int settledMillisecondsAfterPlacing)
    {
        var order = PlaceOrder();

        Settle(order, outcome, PlacedAt.AddMilliseconds(settledMillisecondsAfterPlacing));

        Assert.True(order.UpdatedAt > order.CreatedAt, $"updatedAt {order.UpdatedAt:O} should be later than createdAt {order.CreatedAt:O}");
        Assert.Equal(0, order.UpdatedAt.Ticks % TimeSpan.TicksPerMicrosecond);
    }

    private static Order PlaceOrder() => Order.Place(Guid.NewGuid(), "alice", 25m, null, PlacedAt);

    private static bool Settle(Order order, PaymentOutcome outcome, DateTimeOffset at) => outcome switch
    {
        PaymentOutcome.Paid => order.MarkPaid(at),
        PaymentOutcome.InsufficientFunds => order.MarkPaymentFailed(OrderFailureReason.InsufficientFunds, at),
        PaymentOutcome.AccountNotFound => order.MarkPaymentFailed(OrderFailureReason.AccountNotFound, at),
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    private static OrderStatus ExpectedStatus(PaymentOutcome outcome) =>
        outcome == PaymentOutcome.Paid ? OrderStatus.Paid : OrderStatus.PaymentFailed;

    private static OrderFailureReason? ExpectedFailureReason(PaymentOutcome outcome) => outcome switch
    {
        PaymentOutcome.InsufficientFunds => OrderFailureReason.InsufficientFunds,
        PaymentOutcome.AccountNotFound => OrderFailureReason.AccountNotFound,
        _ => null,
    };
}

using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;

namespace HsePayord.IntegrationTests;

/// <summary>The create-order → pay → settle flow across both hosts, over real RabbitMQ and PostgreSQL.</summary>
[Collection(SystemCollection.Name)]
public sealed class PaymentFlowTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Fact]
    public async Task Given_balance_100_when_order_of_30_then_order_is_paid_and_balance_is_70()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 100);

        var order = await _api.CreateOrderAsync(user, 30, "Coffee");
        Assert.Equal("PaymentPending", order.Status);

        var settled = await _api.WaitUntilFinalAsync(order.OrderId);
        Assert.Equal("Paid", settled.Status);
        Assert.Null(settled.FailureReason);
        Assert.Equal("Coffee", settled.Description);
        Assert.Equal(order.CreatedAt, settled.CreatedAt);
        Assert.True(settled.UpdatedAt > settled.CreatedAt);
        Assert.Equal(70m, await _api.BalanceAsync(user));
    }

    [Fact]
    public async Task Given_balance_20_when_order_of_30_then_payment_fails_with_insufficient_funds_and_nothing_is_charged()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 20);

        var settled = await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(user, 30)).OrderId);

        Assert.Equal("PaymentFailed", settled.Status);
        Assert.Equal("InsufficientFunds", settled.FailureReason);
        Assert.Equal(20m, await _api.BalanceAsync(user));
    }

    [Fact]
    public async Task Given_no_account_when_order_then_payment_fails_with_account_not_found()
    {
        var settled = await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(Api.NewUserId("ghost"), 5)).OrderId);

        Assert.Equal("PaymentFailed", settled.Status);
        Assert.Equal("AccountNotFound", settled.FailureReason);
    }

    [Fact]
    public async Task Given_balance_100_when_40_concurrent_orders_of_10_then_exactly_10_are_paid_and_balance_is_0()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 100);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => _api.CreateOrderAsync(user, 10)));
        var orders = await _api.WaitUntilAllFinalAsync(user, expectedCount: 40);

        Assert.Equal(10, orders.Count(o => o.Status == "Paid"));
        Assert.Equal(30, orders.Count(o => o is { Status: "PaymentFailed", FailureReason: "InsufficientFunds" }));
        Assert.Equal(0m, await _api.BalanceAsync(user));
    }

    [Fact]
    public async Task Given_concurrent_deposits_and_orders_then_no_update_is_lost()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user);

        var deposits = Enumerable.Range(0, 20).Select(_ => _api.DepositAsync(user, 5));
        var orders = Enumerable.Range(0, 10).Select(_ => _api.CreateOrderAsync(user, 1));
        await Task.WhenAll(deposits.Cast<Task>().Concat(orders));
        var settled = await _api.WaitUntilAllFinalAsync(user, expectedCount: 10);

        var paid = settled.Where(o => o.Status == "Paid").Sum(o => o.Amount);
        Assert.Equal(100m - paid, await _api.BalanceAsync(user));
    }

    [Fact]
    public async Task Given_a_paid_order_when_its_payment_request_is_published_again_then_it_is_not_charged_twice()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 100);
        var order = await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(user, 40)).OrderId);
        Assert.Equal("Paid", order.Status);

        // A new envelope (new message id), so the inbox cannot catch it: only the payment's own idempotency can.
        var bus = system.OrdersServices.GetRequiredService<IMessageBus>();
        for (var i = 0; i < 3; i++)
        {
            await bus.PublishAsync(new PaymentRequested(order.OrderId, user, 40, DateTimeOffset.UtcNow));
        }

        // Nothing changed, asserted once Payments has handled all four requests and Orders all four answers.
        await Inbox.WaitUntilHandledAsync<PaymentRequested>(SystemFixture.PaymentsDatabase, order.OrderId, count: 4);
        await Inbox.WaitUntilHandledAsync<PaymentSucceeded>(SystemFixture.OrdersDatabase, order.OrderId, count: 4);
        Assert.Equal(60m, await _api.BalanceAsync(user));
        var after = await _api.GetOrderAsync(order.OrderId);
        Assert.Equal(order, after);
    }

    [Fact]
    public async Task Given_a_paid_order_when_a_late_failure_arrives_then_its_status_does_not_change()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 100);
        var paid = await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(user, 10)).OrderId);

        var bus = system.PaymentsServices.GetRequiredService<IMessageBus>();
        await bus.PublishAsync(new PaymentFailed(paid.OrderId, user, PaymentFailureReason.InsufficientFunds, DateTimeOffset.UtcNow));
        await bus.PublishAsync(new PaymentSucceeded(paid.OrderId, user, 10, DateTimeOffset.UtcNow));

        await Inbox.WaitUntilHandledAsync<PaymentFailed>(SystemFixture.OrdersDatabase, paid.OrderId, count: 1);
        await Inbox.WaitUntilHandledAsync<PaymentSucceeded>(SystemFixture.OrdersDatabase, paid.OrderId, count: 2);
        Assert.Equal(paid, await _api.GetOrderAsync(paid.OrderId));
        Assert.Equal(90m, await _api.BalanceAsync(user));
    }

    [Fact]
    public async Task Given_conflicting_outcomes_for_one_order_at_once_then_one_wins_and_the_order_never_changes_again()
    {
        // Pending orders whose payment request was never sent: the two injected outcomes are the only ones.
        var user = Api.NewUserId();
        var orderIds = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            orderIds.Add(await PendingOrders.InsertAsync(user, 1));
        }

        var bus = system.PaymentsServices.GetRequiredService<IMessageBus>();
        await Task.WhenAll(orderIds.SelectMany(orderId => new[]
        {
            bus.PublishAsync(new PaymentSucceeded(orderId, user, 1, DateTimeOffset.UtcNow)).AsTask(),
            bus.PublishAsync(new PaymentFailed(orderId, user, PaymentFailureReason.InsufficientFunds, DateTimeOffset.UtcNow)).AsTask(),
        }));

        var settled = await _api.WaitUntilAllFinalAsync(user, expectedCount: 10);
        foreach (var orderId in orderIds)
        {
            await Inbox.WaitUntilHandledAsync<PaymentSucceeded>(SystemFixture.OrdersDatabase, orderId, count: 1);
            await Inbox.WaitUntilHandledAsync<PaymentFailed>(SystemFixture.OrdersDatabase, orderId, count: 1);
        }

        Assert.Equal(settled.OrderBy(o => o.OrderId), (await _api.ListOrdersAsync(user)).OrderBy(o => o.OrderId));
        Assert.All(settled, order => Assert.True(
            order is { Status: "Paid", FailureReason: null } or { Status: "PaymentFailed", FailureReason: "InsufficientFunds" },
            $"{order.OrderId} is {order.Status} ({order.FailureReason})"));
    }
}

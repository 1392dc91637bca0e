using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace HsePayord.IntegrationTests;

/// <summary>The SignalR hub /hubs/orders, over real WebSockets.</summary>
[Collection(SystemCollection.Name)]
public sealed class LiveUpdateTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Fact]
    public async Task Given_a_connected_user_when_an_order_is_created_through_the_hub_then_it_hears_PaymentPending_then_Paid()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 50);
        await using var client = await LiveClient.ConnectAsync(system, user);

        var created = await client.Connection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 20, description = "via hub" });
        Assert.Equal("PaymentPending", created.Status);
        Assert.Equal(user, created.UserId);

        var pending = await client.WaitForAsync(created.OrderId, "PaymentPending");
        var paid = await client.WaitForAsync(created.OrderId, "Paid");
        Assert.Equal(created, pending);
        Assert.True(paid.UpdatedAt > pending.UpdatedAt);

        // The event is sent after the commit: a read right after it sees at least that status.
        Assert.Equal("Paid", (await _api.GetOrderAsync(created.OrderId)).Status);
        Assert.Equal(30m, await _api.BalanceAsync(user));
    }

    [Fact]
    public async Task Orders_created_over_rest_are_pushed_to_their_user_only()
    {
        var user = Api.NewUserId();
        await using var mine = await LiveClient.ConnectAsync(system, user);
        await using var someoneElse = await LiveClient.ConnectAsync(system, Api.NewUserId());

        var order = await _api.CreateOrderAsync(user, 7);

        var failed = await mine.WaitForAsync(order.OrderId, "PaymentFailed");
        Assert.Equal("AccountNotFound", failed.FailureReason);

        // Had the first user's updates gone to everyone, they would have been sent to the other connection before
        // it even placed an order of its own; a connection receives in order, so once it hears its own order settle,
        // anything misdirected has arrived.
        var theirs = await _api.CreateOrderAsync(someoneElse.UserId, 7);
        await someoneElse.WaitForAsync(theirs.OrderId, "PaymentFailed");
        Assert.All(someoneElse.Received, update => Assert.Equal(someoneElse.UserId, update.UserId));
    }

    [Fact]
    public async Task Given_two_orders_replicas_a_client_on_one_hears_an_order_created_through_the_other_go_from_pending_to_paid()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 10);
        await using var client = await LiveClient.ConnectAsync(system, user, system.OrdersReplica);

        var order = await _api.CreateOrderAsync(user, 4);

        Assert.Equal("PaymentPending", (await client.WaitForAsync(order.OrderId, "PaymentPending")).Status);
        Assert.Equal("Paid", (await client.WaitForAsync(order.OrderId, "Paid")).Status);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1.234)]
    [InlineData(-3)]
    public async Task Creating_an_order_with_a_bad_amount_through_the_hub_raises_a_400_problem_naming_the_amount(decimal amount)
    {
        var user = Api.NewUserId();
        await using var client = await LiveClient.ConnectAsync(system, user);

        var error = await Assert.ThrowsAsync<HubException>(() => client.Connection.InvokeAsync<OrderJson>("CreateOrder", new { amount }));

        var problem = HubProblem.From(error);
        Assert.Equal(400, problem.Status);
        Assert.Contains(problem.ErrorsFor("amount"), message => message.Contains("amount", StringComparison.Ordinal));
        Assert.Empty(await _api.ListOrdersAsync(user));
    }

    [Fact]
    public async Task Creating_an_order_with_too_long_a_description_through_the_hub_raises_a_400_problem_naming_the_description()
    {
        var user = Api.NewUserId();
        await using var client = await LiveClient.ConnectAsync(system, user);

        var error = await Assert.ThrowsAsync<HubException>(
            () => client.Connection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 1m, description = new string('d', 201) }));

        var problem = HubProblem.From(error);
        Assert.Equal(400, problem.Status);
        Assert.Equal("The request is invalid", problem.Title);
        problem.ErrorsFor("description");
        Assert.Empty(await _api.ListOrdersAsync(user));
    }

    [Theory]
    [InlineData("")]
    [InlineData("?userId=")]
    [InlineData("?userId=bad%20user")]
    public async Task A_connection_without_a_valid_user_id_is_refused(string query)
    {
        var connection = new HubConnectionBuilder().WithUrl(new Uri(system.Orders.BaseAddress!, "/hubs/orders" + query)).Build();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
    }

    internal sealed class LiveClient : IAsyncDisposable
    {
        private readonly ConcurrentQueue<OrderJson> _received = new();
        private readonly SemaphoreSlim _arrived = new(0);

        private LiveClient(HubConnection connection, string userId)
        {
            Connection = connection;
            UserId = userId;
            Connection.On<OrderJson>("orderUpdated", order =>
            {
                _received.Enqueue(order);
                _arrived.Release();
            });
        }

        public HubConnection Connection { get; }

        public string UserId { get; }

        public IReadOnlyCollection<OrderJson> Received => _received;

        public static async Task<LiveClient> ConnectAsync(SystemFixture system, string userId, HttpClient? host = null)
        {
            var client = new LiveClient(new HubConnectionBuilder()
                .WithUrl(new Uri((host ?? system.Orders).BaseAddress!, $"/hubs/orders?userId={userId}"))
                .Build(), userId);
            await client.Connection.StartAsync();
            return client;
        }

        public async Task<OrderJson> WaitForAsync(Guid orderId, string status)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            while (true)
            {
                if (_received.FirstOrDefault(o => o.OrderId == orderId && o.Status == status) is { } order)
                {
                    return order;
                }

                await _arrived.WaitAsync(timeout.Token);
            }
        }

        public async ValueTask DisposeAsync()
        {
            await Connection.DisposeAsync();
            _arrived.Dispose();
        }
    }
}

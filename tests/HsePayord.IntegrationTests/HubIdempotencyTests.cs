using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace HsePayord.IntegrationTests;

/// <summary>The hub's <c>CreateOrder</c> takes an optional idempotency key with the REST header's rules, per user.</summary>
[Collection(SystemCollection.Name)]
public sealed class HubIdempotencyTests(SystemFixture system) : IAsyncLifetime
{
    private readonly Api _api = new(system);
    private readonly string _user = Api.NewUserId();
    private readonly string _otherUser = Api.NewUserId();
    private HubConnection _connection = null!;
    private HubConnection _otherConnection = null!;

    public async Task InitializeAsync()
    {
        _connection = await ConnectAsync(_user);
        _otherConnection = await ConnectAsync(_otherUser);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _otherConnection.DisposeAsync();
    }

    [Fact]
    public async Task Repeating_a_hub_order_with_the_same_key_returns_the_first_order_and_places_one()
    {
        var key = Guid.NewGuid().ToString();

        var first = await _connection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 4.5m, description = "once", idempotencyKey = key });
        var repeat = await _connection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 4.5m, description = "once", idempotencyKey = key });

        Assert.Equal(first, repeat);
        Assert.Equal([first.OrderId], (await _api.ListOrdersAsync(_user)).Select(o => o.OrderId));
    }

    [Fact]
    public async Task Two_users_may_pick_the_same_key_and_each_places_an_order()
    {
        var key = Guid.NewGuid().ToString();

        var mine = await _connection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 2m, idempotencyKey = key });
        var theirs = await _otherConnection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 2m, idempotencyKey = key });

        Assert.NotEqual(mine.OrderId, theirs.OrderId);
        Assert.Equal(_otherUser, theirs.UserId);
    }

    [Fact]
    public async Task A_key_reused_with_a_different_order_is_refused_and_places_nothing()
    {
        var key = Guid.NewGuid().ToString();
        var first = await _connection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 1m, idempotencyKey = key });

        var error = await Assert.ThrowsAsync<HubException>(
            () => _connection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 9m, idempotencyKey = key }));

        var problem = HubProblem.From(error);
        Assert.Equal(422, problem.Status);
        Assert.Equal("Idempotency-Key reused with a different request", problem.Title);
        Assert.Null(problem.Errors);
        Assert.Equal([first.OrderId], (await _api.ListOrdersAsync(_user)).Select(o => o.OrderId));
    }

    [Fact]
    public async Task A_key_that_breaks_the_rules_is_refused_with_a_400_problem_naming_the_idempotencyKey_field()
    {
        var error = await Assert.ThrowsAsync<HubException>(
            () => _connection.InvokeAsync<OrderJson>("CreateOrder", new { amount = 1m, idempotencyKey = new string('k', 101) }));

        var problem = HubProblem.From(error);
        Assert.Equal(400, problem.Status);
        Assert.Equal("The request is invalid", problem.Title);
        problem.ErrorsFor("idempotencyKey");
        Assert.Empty(await _api.ListOrdersAsync(_user));
    }

    private async Task<HubConnection> ConnectAsync(string userId)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(system.Orders.BaseAddress!, $"/hubs/orders?userId={userId}"))
            .Build();
        await connection.StartAsync();
        return connection;
    }
}

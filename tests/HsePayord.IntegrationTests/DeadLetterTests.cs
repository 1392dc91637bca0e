using HsePayord.Modules.Payments.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;

namespace HsePayord.IntegrationTests;

/// <summary>A message that cannot be processed is retried, then kept where an operator finds it — alone.</summary>
[Collection(SystemCollection.Name)]
public sealed class DeadLetterTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Fact]
    public async Task An_outcome_for_an_unknown_order_is_dead_lettered_in_the_orders_database_and_its_batch_mates_still_apply()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 5);
        var order = await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(user, 5)).OrderId);
        var unknownOrderId = Guid.NewGuid();

        // Published together, so they most likely share a batch in the Orders host; the known order is settled
        // already, so its duplicate outcome must be absorbed, not dead-lettered with its batch mate.
        var bus = system.PaymentsServices.GetRequiredService<IMessageBus>();
        await Task.WhenAll(
            bus.PublishAsync(new PaymentSucceeded(unknownOrderId, user, 5, DateTimeOffset.UtcNow)).AsTask(),
            bus.PublishAsync(new PaymentSucceeded(order.OrderId, user, 5, DateTimeOffset.UtcNow)).AsTask());

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await DeadLettersMentioningAsync(unknownOrderId) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"No dead letter for the outcome of unknown order {unknownOrderId}");
            await Task.Delay(200);
        }

        Assert.Equal(1, await DeadLettersMentioningAsync(unknownOrderId));
        Assert.Equal(0, await DeadLettersMentioningAsync(order.OrderId));
        Assert.Equal(order, await _api.GetOrderAsync(order.OrderId));
    }

    private static async Task<long> DeadLettersMentioningAsync(Guid orderId)
    {
        await using var connection = new NpgsqlConnection(SystemFixture.ConnectionString(SystemFixture.OrdersDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM wolverine.wolverine_dead_letters WHERE exception_message LIKE '%' || $1 || '%'",
            connection) { Parameters = { new() { Value = orderId.ToString() } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

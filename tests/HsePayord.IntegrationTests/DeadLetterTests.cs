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

    /// <summary>
    /// The bad outcome is published together with outcomes for pending orders. Whether a good one shares a batch with
    /// it depends on delivery (two Orders replicas compete for the queue, and a batch waits only a few milliseconds),
    /// so the test does not claim they did; it claims what holds either way: each good outcome settles its order
    /// and is not dead-lettered, and only the bad one is.
    /// </summary>
    [Fact]
    public async Task An_outcome_for_an_unknown_order_is_dead_lettered_alone_and_outcomes_published_with_it_settle_their_orders()
    {
        var user = Api.NewUserId();
        var pending = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            pending.Add(await PendingOrders.InsertAsync(user, 5));
        }

        var unknownOrderId = Guid.NewGuid();
        var bus = system.PaymentsServices.GetRequiredService<IMessageBus>();
        await Task.WhenAll(pending.Prepend(unknownOrderId).Select(orderId =>
            bus.PublishAsync(new PaymentSucceeded(orderId, user, 5, DateTimeOffset.UtcNow)).AsTask()));

        await Eventually.UntilAsync(
            () => DeadLettersAboutAsync(unknownOrderId), count => count > 0,
            $"a dead letter for the outcome of unknown order {unknownOrderId}", TimeSpan.FromSeconds(60));
        Assert.Equal(1, await DeadLettersAboutAsync(unknownOrderId));

        foreach (var orderId in pending)
        {
            await Inbox.WaitUntilHandledAsync<PaymentSucceeded>(SystemFixture.OrdersDatabase, orderId, count: 1);
            Assert.Equal(0, await DeadLettersAboutAsync(orderId));
            Assert.Equal("Paid", (await _api.GetOrderAsync(orderId)).Status);
        }
    }

    /// <summary>Dead letters whose message is about the order (its body, not just the exception, names it).</summary>
    private static async Task<long> DeadLettersAboutAsync(Guid orderId)
    {
        await using var connection = await SystemFixture.OpenTestConnectionAsync(SystemFixture.OrdersDatabase);
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM wolverine.wolverine_dead_letters WHERE position(convert_to($1, 'UTF8') IN body) > 0",
            connection) { Parameters = { new() { Value = orderId.ToString() } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Before a host reports ready, its warm-up rehearses the first order's writes (placing, charging and settling an
/// order) so that the first real order does not pay for them. The rehearsal really writes, and none of it is kept
/// or sent. What a rehearsal cannot reach, the path a message takes through RabbitMQ, one ping of no business meaning
/// takes instead, to the replica that sent it.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class WarmUpTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Fact]
    public async Task The_warm_up_rehearses_placing_charging_and_settling_an_order_and_nothing_of_it_is_kept_or_sent()
    {
        var started = DateTime.UtcNow;
        await WarmUpAsync(system.PaymentsServices);
        await WarmUpAsync(system.OrdersServices);

        // It wrote what a real order writes: the order, the payment, the balance and the outbox envelopes…
        var statements = system.OrdersSpans
            .Where(span => span.StartTimeUtc >= started)
            .Select(span => span.GetTagItem("db.query.text") as string)
            .OfType<string>()
            .ToList();
        Assert.Contains(statements, sql => sql.Contains("INSERT INTO orders.orders"));
        Assert.Contains(statements, sql => sql.Contains("UPDATE orders.orders"));
        Assert.Contains(statements, sql => sql.Contains("INSERT INTO payments.payments"));
        Assert.Contains(statements, sql => sql.Contains("UPDATE payments.accounts"));
        Assert.Contains(statements, sql => sql.Contains("INSERT INTO wolverine.wolverine_outgoing_envelopes"));

        // …and sent nothing: a real order placed after it goes through the same queues and is settled, and no message
        // of the rehearsal was handled ahead of it (a payment for the rehearsed user, or an outcome for an order that
        // was never committed, which Orders would have dead-lettered).
        var user = Api.NewUserId("after-warm-up");
        await _api.CreateAccountAsync(user, deposit: 10);
        var order = await _api.CreateOrderAsync(user, 4);
        Assert.Equal("Paid", (await _api.WaitUntilFinalAsync(order.OrderId)).Status);

        const string rehearsed = "'warm-up.%'";
        Assert.Equal(0, await CountAsync(SystemFixture.OrdersDatabase, $"orders.orders where user_id like {rehearsed}"));
        Assert.Equal(0, await CountAsync(SystemFixture.OrdersDatabase, $"orders.idempotency_keys where key like {rehearsed}"));
        Assert.Equal(0, await CountAsync(SystemFixture.OrdersDatabase, $"orders.journey_steps where detail like '%warm-up.%'"));
        Assert.Equal(0, await CountAsync(SystemFixture.OrdersDatabase,
            $"wolverine.wolverine_dead_letters where convert_from(body, 'UTF8') like '%warm-up.%'"));
        Assert.Equal(0, await CountAsync(SystemFixture.PaymentsDatabase, $"payments.accounts where user_id like {rehearsed}"));
        Assert.Equal(0, await CountAsync(SystemFixture.PaymentsDatabase, $"payments.payments where user_id like {rehearsed}"));
        Assert.Equal(0, await CountAsync(SystemFixture.PaymentsDatabase, $"payments.idempotency_keys where key like {rehearsed}"));
        Assert.Equal(0, await CountAsync(SystemFixture.PaymentsDatabase, $"payments.journey_steps where detail like '%warm-up.%'"));
        Assert.Equal(0, await CountAsync(SystemFixture.PaymentsDatabase,
            $"wolverine.wolverine_dead_letters where convert_from(body, 'UTF8') like '%warm-up.%'"));
    }

    [Fact]
    public async Task Each_replica_warmed_up_the_message_path_with_a_ping_that_came_back_to_it_through_RabbitMQ_and_its_durable_inbox()
    {
        // The fixture's hosts ran their warm-up before they reported ready. Two replicas of Orders listen side by side:
        // a ping another replica had taken would not count as this one's round trip.
        foreach (var host in new[] { system.OrdersServices, system.OrdersReplicaServices, system.PaymentsServices })
        {
            Assert.True(host.GetRequiredService<WarmUpPings>().RoundTrips >= 1, "the replica's ping came back to it");
        }

        // The ping was stored in the durable inbox on its way in, received from RabbitMQ, and handled.
        foreach (var (database, replicas) in new[] { (SystemFixture.OrdersDatabase, 2), (SystemFixture.PaymentsDatabase, 1) })
        {
            Assert.True(await CountAsync(database,
                $"wolverine.wolverine_incoming_envelopes where message_type = '{typeof(WarmUpPing).FullName}' " +
                "and received_at like 'rabbitmq://queue/%.warm-up.%' and status = 'Handled'") >= replicas);
        }
    }

    private static async Task WarmUpAsync(IServiceProvider host)
    {
        foreach (var warmUp in host.GetServices<IWarmUp>())
        {
            await using var scope = host.CreateAsyncScope();
            await warmUp.WarmUpAsync(scope.ServiceProvider, CancellationToken.None);
        }
    }

    private static async Task<long> CountAsync(string database, string fromWhere)
    {
        await using var connection = await SystemFixture.OpenTestConnectionAsync(database);
        await using var command = connection.CreateCommand();
        command.CommandText = $"select count(*) from {fromWhere}";
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

using HsePayord.BuildingBlocks.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Before a host reports ready, its warm-up rehearses the first order's writes (placing, charging and settling an
/// order) so that the first real order does not pay for them. The rehearsal really writes, and none of it is kept
/// or sent.
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

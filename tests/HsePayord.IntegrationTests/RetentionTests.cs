using System.Net;
using System.Net.Http.Json;
using HsePayord.Modules.Orders.Contracts;
using Npgsql;

namespace HsePayord.IntegrationTests;

/// <summary>
/// The tables that only serve de-duplication stay bounded: handled inbox rows and idempotency keys are deleted once
/// older than their retention (<c>Retention:*</c>, 30 minutes in the test hosts), younger ones are kept, and
/// outgoing envelopes are gone once the broker has them. A test ages a row rather than waiting for the retention.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class RetentionTests(SystemFixture system)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly Api _api = new(system);

    [Fact]
    public async Task Handled_inbox_rows_are_kept_for_the_configured_retention_and_deleted_once_it_has_passed()
    {
        var user = Api.NewUserId("retention");
        await _api.CreateAccountAsync(user, deposit: 10);
        var handledFrom = DateTimeOffset.UtcNow;
        var expiring = await _api.CreateOrderAsync(user, 1);
        var young = await _api.CreateOrderAsync(user, 1);
        await Inbox.WaitUntilHandledAsync<PaymentRequested>(SystemFixture.PaymentsDatabase, expiring.OrderId, 1);
        await Inbox.WaitUntilHandledAsync<PaymentRequested>(SystemFixture.PaymentsDatabase, young.OrderId, 1);
        var handledBy = DateTimeOffset.UtcNow;

        // Wolverine stamps a handled row with when it may go: handled + Retention:HandledMessages.
        foreach (var order in new[] { expiring, young })
        {
            var keepUntil = await KeepUntilAsync(order.OrderId);
            Assert.NotNull(keepUntil);
            Assert.InRange(keepUntil.Value, handledFrom + SystemFixture.Retention - TimeSpan.FromMilliseconds(1),
                handledBy + SystemFixture.Retention + TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal(1, await ExecuteAsync(SystemFixture.PaymentsDatabase,
            "UPDATE wolverine.wolverine_incoming_envelopes SET keep_until = now() - interval '1 second' " + HandledRowOf,
            expiring.OrderId.ToString()));

        await Eventually.UntilAsync(
            async () => await KeepUntilAsync(expiring.OrderId) is null,
            $"the expired handled row of order {expiring.OrderId} to be deleted", Timeout);
        Assert.NotNull(await KeepUntilAsync(young.OrderId));
    }

    [Fact]
    public async Task Outgoing_envelopes_are_written_with_the_order_and_deleted_once_the_broker_has_them()
    {
        var insertedBefore = await OutgoingStatisticsAsync();
        var user = Api.NewUserId("retention");
        await _api.CreateAccountAsync(user, deposit: 10);

        var order = await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(user, 1)).OrderId);

        Assert.Equal("Paid", order.Status);
        // The statistics say envelopes went through the table (PostgreSQL reports them within a second or so)…
        await Eventually.UntilAsync(
            OutgoingStatisticsAsync,
            after => after.Inserted > insertedBefore.Inserted && after.Deleted > insertedBefore.Deleted,
            "envelopes inserted into and deleted from wolverine_outgoing_envelopes", Timeout,
            after => $"inserted {after.Inserted - insertedBefore.Inserted}, deleted {after.Deleted - insertedBefore.Deleted}");
        // …and none about this order is left behind.
        Assert.Equal(0L, await ScalarAsync<long>(SystemFixture.OrdersDatabase,
            "SELECT count(*) FROM wolverine.wolverine_outgoing_envelopes WHERE position(convert_to($1, 'UTF8') IN body) > 0",
            order.OrderId.ToString()));
    }

    [Fact]
    public async Task An_order_key_is_honoured_within_the_retention_and_once_deleted_after_it_a_repeat_places_a_new_order()
    {
        var user = Api.NewUserId("retention");
        var body = $$"""{"userId":"{{user}}","amount":2}""";
        var expiringKey = Guid.NewGuid().ToString();
        var youngKey = Guid.NewGuid().ToString();
        var first = await PostOrderAsync(body, expiringKey);
        var second = await PostOrderAsync(body, youngKey);
        Assert.NotEqual(first, second);
        Assert.Equal(1L, await KeyCountAsync(SystemFixture.OrdersDatabase, expiringKey));
        Assert.Equal(1L, await KeyCountAsync(SystemFixture.OrdersDatabase, youngKey));

        Assert.Equal(first, await PostOrderAsync(body, expiringKey));

        await AgeKeyAsync(SystemFixture.OrdersDatabase, expiringKey);
        await WaitUntilKeyDeletedAsync(SystemFixture.OrdersDatabase, expiringKey);

        Assert.Equal(1L, await KeyCountAsync(SystemFixture.OrdersDatabase, youngKey));
        Assert.Equal(second, await PostOrderAsync(body, youngKey));
        var afterExpiry = await PostOrderAsync(body, expiringKey);
        Assert.NotEqual(first, afterExpiry);
        Assert.Equal(3, (await _api.ListOrdersAsync(user)).Count);
    }

    [Fact]
    public async Task A_deposit_key_older_than_the_retention_is_deleted_and_a_younger_one_kept()
    {
        var user = Api.NewUserId("retention");
        await _api.CreateAccountAsync(user);
        var expiringKey = Guid.NewGuid().ToString();
        var youngKey = Guid.NewGuid().ToString();
        foreach (var key in new[] { expiringKey, youngKey })
        {
            using var response = await ContractErrorTests.PostJsonAsync(
                system.Payments, $"/api/payments/accounts/{user}/deposits", """{"amount":5}""", key);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1L, await KeyCountAsync(SystemFixture.PaymentsDatabase, expiringKey));
        Assert.Equal(1L, await KeyCountAsync(SystemFixture.PaymentsDatabase, youngKey));

        await AgeKeyAsync(SystemFixture.PaymentsDatabase, expiringKey);
        await WaitUntilKeyDeletedAsync(SystemFixture.PaymentsDatabase, expiringKey);

        Assert.Equal(1L, await KeyCountAsync(SystemFixture.PaymentsDatabase, youngKey));
        Assert.Equal(10m, await _api.BalanceAsync(user));
    }

    private const string HandledRowOf =
        "WHERE status = 'Handled' AND message_type = 'HsePayord.Modules.Orders.Contracts.PaymentRequested' " +
        "AND position(convert_to($1, 'UTF8') IN body) > 0";

    private static async Task<DateTimeOffset?> KeepUntilAsync(Guid orderId)
    {
        await using var connection = await SystemFixture.OpenTestConnectionAsync(SystemFixture.PaymentsDatabase);
        await using var command = Command(connection,
            "SELECT max(keep_until) FROM wolverine.wolverine_incoming_envelopes " + HandledRowOf, [orderId.ToString()]);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return reader.IsDBNull(0) ? null : reader.GetFieldValue<DateTimeOffset>(0);
    }

    private async Task<Guid> PostOrderAsync(string body, string key)
    {
        using var response = await ContractErrorTests.PostJsonAsync(system.Orders, "/api/orders", body, key);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<OrderJson>(Api.Json))!.OrderId;
    }

    private static Task<long> KeyCountAsync(string database, string key) =>
        ScalarAsync<long>(database, $"SELECT count(*) FROM {Schema(database)}.idempotency_keys WHERE key = $1", key);

    private static async Task AgeKeyAsync(string database, string key) =>
        Assert.Equal(1, await ExecuteAsync(database,
            $"UPDATE {Schema(database)}.idempotency_keys SET created_at = now() - $2::interval - interval '1 second' WHERE key = $1",
            key, SystemFixture.Retention));

    private static Task WaitUntilKeyDeletedAsync(string database, string key) =>
        Eventually.UntilAsync(
            async () => await KeyCountAsync(database, key) == 0,
            $"the expired idempotency key {key} to be deleted from {database}", Timeout);

    private static string Schema(string database) => database == SystemFixture.OrdersDatabase ? "orders" : "payments";

    private sealed record TableStatistics(long Inserted, long Deleted);

    private static async Task<TableStatistics> OutgoingStatisticsAsync()
    {
        // A fresh connection each time: a session keeps a snapshot of the statistics it has read.
        await using var connection = await SystemFixture.OpenTestConnectionAsync(SystemFixture.OrdersDatabase);
        await using var command = new NpgsqlCommand(
            "SELECT n_tup_ins, n_tup_del FROM pg_stat_user_tables WHERE schemaname = 'wolverine' AND relname = 'wolverine_outgoing_envelopes'",
            connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new TableStatistics(reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task<T> ScalarAsync<T>(string database, string sql, params object[] parameters)
    {
        await using var connection = await SystemFixture.OpenTestConnectionAsync(database);
        await using var command = Command(connection, sql, parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task<int> ExecuteAsync(string database, string sql, params object[] parameters)
    {
        await using var connection = await SystemFixture.OpenTestConnectionAsync(database);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync();
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }
}

using System.Diagnostics;
using System.Net;
using Npgsql;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Real faults, injected while orders flow: PostgreSQL backends of the test databases terminated under the hosts'
/// feet, and RabbitMQ closing every connection of the test vhost. Each test first proves the fault happened
/// (backends terminated, the hosts' connections gone), then that nothing was lost, charged twice, or left pending.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class FaultToleranceTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Fact]
    public async Task Given_database_connections_terminated_while_orders_flow_then_every_order_settles_once()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 1000);

        var placing = PlaceOrdersRetryingAsync(user, count: 60);
        await WaitUntilOrdersPlacedAsync(user, atLeast: 1);
        var terminated = new Dictionary<string, long> { [SystemFixture.OrdersDatabase] = 0, [SystemFixture.PaymentsDatabase] = 0 };
        for (var round = 0; round < 8; round++)
        {
            foreach (var database in terminated.Keys)
            {
                terminated[database] += await TerminateConnectionsAsync(database);
            }

            await Task.Delay(100); // spreads the rounds over the flow of orders; nothing is concluded from it
        }

        Assert.All(terminated, pair => Assert.True(pair.Value > 0, $"No backend of {pair.Key} was terminated: no fault was injected"));
        await placing;
        await AssertBooksBalanceAsync(user, expectedOrders: 60, deposited: 1000);
    }

    [Fact]
    public async Task Given_the_broker_closes_every_connection_of_the_hosts_while_orders_flow_then_every_order_settles_once()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 1000);

        var placing = PlaceOrdersRetryingAsync(user, count: 40);
        await WaitUntilOrdersPlacedAsync(user, atLeast: 5);
        var before = await BrokerConnectionsAsync();
        Assert.True(before.Count >= 3, $"Expected the three hosts' connections in vhost {SystemFixture.RabbitMqVhost}, found {before.Count}");

        var output = await RunAsync("rabbitmqctl", "close_all_connections", "-p", SystemFixture.RabbitMqVhost, "fault-tolerance test");

        Assert.Matches(@"Closed [1-9]\d* connections", output);
        await Eventually.UntilAsync(
            BrokerConnectionsAsync,
            now => !now.Intersect(before).Any(),
            $"every connection open in vhost {SystemFixture.RabbitMqVhost} before the fault to be closed",
            describe: now => $"{now.Intersect(before).Count()} of {before.Count} still open");

        // Orders placed after the fault travel over the reconnected hosts.
        await placing;
        await PlaceOrdersRetryingAsync(user, count: 5);
        await AssertBooksBalanceAsync(user, expectedOrders: 45, deposited: 1000);
    }

    private Task<IReadOnlyList<OrderJson>> WaitUntilOrdersPlacedAsync(string user, int atLeast) =>
        Eventually.UntilAsync(
            () => _api.ListOrdersAsync(user), orders => orders.Count >= atLeast, $"{atLeast} orders of {user} to be placed",
            describe: orders => $"{orders.Count} placed");

    /// <summary>A careful client: one Idempotency-Key per order, retried until it gets an answer.</summary>
    private async Task PlaceOrdersRetryingAsync(string user, int count)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (_, cancellationToken) =>
        {
            var key = Guid.NewGuid().ToString();
            for (var attempt = 0; ; attempt++)
            {
                using var response = await ContractErrorTests.PostJsonAsync(
                    system.Orders, "/api/orders", $$"""{"userId":"{{user}}","amount":2}""", key);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return;
                }

                Assert.True(attempt < 20, $"POST kept failing: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
                Assert.True((int)response.StatusCode >= 500 || response.StatusCode == HttpStatusCode.Conflict,
                    $"Unexpected {(int)response.StatusCode}");
                await Task.Delay(200, cancellationToken);
            }
        });
    }

    private async Task AssertBooksBalanceAsync(string user, int expectedOrders, decimal deposited)
    {
        var orders = await _api.WaitUntilAllFinalAsync(user, expectedOrders, TimeSpan.FromSeconds(120));

        Assert.All(orders, order => Assert.Equal("Paid", order.Status));
        Assert.Equal(deposited - orders.Sum(o => o.Amount), await _api.BalanceAsync(user));
    }

    /// <summary>Terminates the hosts' backends on <paramref name="database"/>; returns how many were terminated.</summary>
    private static async Task<long> TerminateConnectionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(SystemFixture.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() " +
            "AND backend_type = 'client backend' AND usename = current_user",
            connection) { Parameters = { new() { Value = database } } };
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The ids of the client connections open in the hosts' vhost (each id names one connection, once).</summary>
    private static async Task<IReadOnlyList<string>> BrokerConnectionsAsync()
    {
        // list_connections lists every vhost's connections whatever -p says, so the vhost is a column to filter on.
        var output = await RunAsync("rabbitmqctl", "-q", "list_connections", "pid", "vhost", "--no-table-headers");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns.Length == 2 && columns[1] == SystemFixture.RabbitMqVhost)
            .Select(columns => columns[0])
            .ToList();
    }

    /// <summary>Runs a broker admin command (rabbitmqctl needs root; scripts/test.sh runs as root or with sudo); returns its output.</summary>
    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root"
            ? new ProcessStartInfo(program, arguments)
            : new ProcessStartInfo("sudo", ["-n", program, .. arguments]);
        asRoot.RedirectStandardOutput = true;
        asRoot.RedirectStandardError = true;
        using var process = Process.Start(asRoot)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await error}");
        return await output;
    }
}

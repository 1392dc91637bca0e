using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Npgsql;

namespace HsePayord.IntegrationTests;

/// <summary>
/// Real faults, injected while orders flow: PostgreSQL connections terminated under the hosts' feet, and the
/// broker dropping every client connection. Nothing may be lost, charged twice, or left pending.
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
        for (var i = 0; i < 8; i++)
        {
            await TerminateConnectionsAsync(SystemFixture.OrdersDatabase);
            await TerminateConnectionsAsync(SystemFixture.PaymentsDatabase);
            await Task.Delay(100);
        }

        await placing;
        await AssertBooksBalanceAsync(user, expectedOrders: 60, deposited: 1000);
    }

    [Fact]
    public async Task Given_the_broker_drops_every_connection_while_orders_flow_then_every_order_settles_once()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 1000);

        var placing = PlaceOrdersRetryingAsync(user, count: 40);
        await Task.Delay(150);
        await RunAsync("rabbitmqctl", "close_all_connections", "fault-tolerance test");

        await placing;
        await AssertBooksBalanceAsync(user, expectedOrders: 40, deposited: 1000);
    }

    [Fact]
    public async Task Given_the_broker_is_down_then_hosts_are_not_ready_but_take_orders_which_settle_once_it_is_back()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 10);

        await RunAsync("rabbitmqctl", "stop_app");
        try
        {
            await WaitForReadinessAsync(system.Orders, HttpStatusCode.ServiceUnavailable);
            await WaitForReadinessAsync(system.Payments, HttpStatusCode.ServiceUnavailable);
            Assert.Equal(HttpStatusCode.OK, (await system.Orders.GetAsync("/health/live")).StatusCode);

            // The outbox keeps the payment request until the broker is back.
            var order = await _api.CreateOrderAsync(user, 3);
            await RunAsync("rabbitmqctl", "start_app");

            Assert.Equal("Paid", (await _api.WaitUntilFinalAsync(order.OrderId, TimeSpan.FromSeconds(90))).Status);
            await WaitForReadinessAsync(system.Orders, HttpStatusCode.OK);
            await WaitForReadinessAsync(system.Payments, HttpStatusCode.OK);
            Assert.Equal(7m, await _api.BalanceAsync(user));
        }
        finally
        {
            await RunAsync("rabbitmqctl", "start_app");
        }
    }

    private static async Task WaitForReadinessAsync(HttpClient host, HttpStatusCode expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            using var response = await host.GetAsync("/health/ready");
            if (response.StatusCode == expected)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{host.BaseAddress}health/ready stayed {(int)response.StatusCode}, expected {(int)expected}");
            await Task.Delay(250);
        }
    }

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

    private static async Task TerminateConnectionsAsync(string database)
    {
        await using var connection = new NpgsqlConnection(SystemFixture.ConnectionString("postgres"));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid() " +
            "AND backend_type = 'client backend' AND usename = current_user",
            connection) { Parameters = { new() { Value = database } } };
        await command.ExecuteScalarAsync();
    }

    /// <summary>Runs a broker admin command (rabbitmqctl needs root; scripts/test.sh runs as root or with sudo).</summary>
    private static async Task RunAsync(string program, params string[] arguments)
    {
        var asRoot = Environment.UserName == "root"
            ? new ProcessStartInfo(program, arguments)
            : new ProcessStartInfo("sudo", ["-n", program, .. arguments]);
        asRoot.RedirectStandardOutput = true;
        asRoot.RedirectStandardError = true;
        using var process = Process.Start(asRoot)!;
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{program} failed: {await process.StandardError.ReadToEndAsync()}");
    }
}

using System.Diagnostics;
using System.Net;
using Npgsql;
using Xunit.Abstractions;

namespace HsePayord.CrashTests;

/// <summary>
/// Crashes while orders flow — SIGKILL of PostgreSQL's postmaster, of RabbitMQ's Erlang VM, of either host — each
/// proven to have happened, each followed by a restart, each ending with every accepted order final, charged exactly
/// once, every account balanced and nothing dead-lettered.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class CrashTests(CrashLab lab, ITestOutputHelper output)
{
    private const int OrdersPerSecond = 25;
    private const int Shoppers = 12;

    // Longer than the retries one handler attempt makes by itself (about 9 s), which is what stranded an order.
    private static readonly TimeSpan DatabaseOutage = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan BrokerOutage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan HostOutage = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// A kill proves something only when it cut through messages received and not yet handled, and the inbox can empty
    /// between the look and the kill: a kill that found it empty is undone (the victim started again) and tried anew,
    /// this many times at most.
    /// </summary>
    private const int KillAttempts = 5;

    public static TheoryData<int> DatabaseCrashRuns()
    {
        var runs = int.TryParse(Environment.GetEnvironmentVariable("PAYORD_DATABASE_CRASH_RUNS"), out var configured) ? configured : 2;
        var data = new TheoryData<int>();
        for (var run = 1; run <= runs; run++)
        {
            data.Add(run);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(DatabaseCrashRuns))]
    public async Task Given_postgres_killed_and_restarted_while_orders_flow_then_every_order_settles_once_and_nothing_is_dead_lettered(int run)
    {
        await using var shop = await lab.OpenShopAsync("database", Shoppers);
        await using var load = shop.StartShopping(OrdersPerSecond);
        await load.WaitForAcceptedAsync(50);

        // A crash in the middle of handling payment outcomes: the batch that then fails is what used to be stranded.
        for (var attempt = 1; ; attempt++)
        {
            await WaitForUnhandledInboxEnvelopesAsync(lab.Postgres.ObserverConnectionString(shop.OrdersDatabase));
            var postmaster = lab.Postgres.PostmasterPid;
            var failedBefore = load.FailedAttempts;
            var outage = Stopwatch.StartNew();
            await lab.Postgres.CrashAsync();
            // What the crash cut through, read before any host can reach the database again, and this crash's own recovery.
            var (inFlight, recoveryLog) = await lab.Postgres.ReadWhatTheCrashLeftAsync(shop.OrdersDatabase, CountUnhandledInboxEnvelopesAsync);
            Assert.Contains("not properly shut down; automatic recovery in progress", recoveryLog);
            if (inFlight == 0)
            {
                await lab.Postgres.StartAsync();
                AssertAnotherKillAllowed(attempt, "Orders' inbox");
                continue;
            }

            await Task.Delay(DatabaseOutage > outage.Elapsed ? DatabaseOutage - outage.Elapsed : TimeSpan.Zero); // the rest of the outage, not a wait for a result
            var failedDuringOutage = load.FailedAttempts - failedBefore;
            await lab.Postgres.StartAsync();

            Assert.NotEqual(postmaster, lab.Postgres.PostmasterPid);
            Assert.True(failedDuringOutage > 0, "No client saw the database outage");
            await FinishAsync(shop, load, $"database crash run {run} (crash {attempt}) with {inFlight} outcomes received and not yet handled at the kill: {DatabaseOutage.TotalSeconds} s down, {failedDuringOutage} client attempts refused meanwhile");
            return;
        }
    }

    [Fact]
    public async Task Given_rabbitmq_killed_and_restarted_while_orders_flow_then_every_order_settles_once_and_nothing_is_dead_lettered()
    {
        await using var shop = await lab.OpenShopAsync("broker", Shoppers);
        await using var load = shop.StartShopping(OrdersPerSecond);
        await load.WaitForAcceptedAsync(50);

        var vm = lab.RabbitMq.VmPid;
        await lab.RabbitMq.CrashAsync();
        var acceptedWhenDown = load.Accepted.Count;
        await Task.Delay(BrokerOutage); // the outage itself
        var acceptedDuringOutage = load.Accepted.Count - acceptedWhenDown;
        await lab.RabbitMq.StartAsync();

        Assert.NotEqual(vm, lab.RabbitMq.VmPid);
        // The outbox keeps taking orders while the broker is gone.
        Assert.True(acceptedDuringOutage > 0, "No order was accepted while the broker was down");

        await FinishAsync(shop, load, $"broker crash: {BrokerOutage.TotalSeconds} s down, {acceptedDuringOutage} orders accepted meanwhile");
    }

    [Fact]
    public async Task Given_rabbitmq_stopped_then_hosts_are_not_ready_but_take_orders_which_settle_once_it_is_back()
    {
        await using var shop = await lab.OpenShopAsync("broker_stopped", Shoppers);
        await lab.RabbitMq.StopApplicationAsync();
        OrderLoad load;
        try
        {
            await shop.Orders.WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable);
            await shop.Payments.WaitForReadinessAsync(HttpStatusCode.ServiceUnavailable);

            // The outbox keeps the payment requests until the broker is back.
            load = shop.StartShopping(OrdersPerSecond);
            await load.WaitForAcceptedAsync(25);
        }
        finally
        {
            await lab.RabbitMq.StartApplicationAsync();
        }

        await using (load)
        {
            await shop.Orders.WaitForReadinessAsync(HttpStatusCode.OK);
            await shop.Payments.WaitForReadinessAsync(HttpStatusCode.OK);
            await FinishAsync(shop, load, "broker application stopped: hosts not ready, orders accepted meanwhile");
        }
    }

    [Fact]
    public async Task Given_payments_host_killed_with_payment_requests_in_its_inbox_then_its_restart_settles_every_order_once()
    {
        await using var shop = await lab.OpenShopAsync("payments_host", Shoppers);
        await using var load = shop.StartShopping(OrdersPerSecond);
        await load.WaitForAcceptedAsync(50);

        var inFlight = await KillWithUnhandledInboxAsync(shop.Payments, lab.Postgres.ObserverConnectionString(shop.PaymentsDatabase), "Payments' inbox");
        await Task.Delay(HostOutage); // the outage itself
        await shop.Payments.StartAsync();

        Assert.Equal(137, shop.Payments.LastExitCode);
        await FinishAsync(shop, load, $"Payments host SIGKILLed with {inFlight} payment requests received and not yet handled");
    }

    [Fact]
    public async Task Given_orders_host_killed_with_payment_outcomes_in_its_inbox_then_its_restart_settles_every_order_once()
    {
        await using var shop = await lab.OpenShopAsync("orders_host", Shoppers);
        await using var load = shop.StartShopping(OrdersPerSecond);
        await load.WaitForAcceptedAsync(50);

        var failedBefore = load.FailedAttempts;
        var inFlight = await KillWithUnhandledInboxAsync(shop.Orders, lab.Postgres.ObserverConnectionString(shop.OrdersDatabase), "Orders' inbox");
        await Task.Delay(HostOutage); // the outage itself
        var failedDuringOutage = load.FailedAttempts - failedBefore;
        await shop.Orders.StartAsync();

        Assert.Equal(137, shop.Orders.LastExitCode);
        Assert.True(failedDuringOutage > 0, "No client saw the Orders host gone");
        await FinishAsync(shop, load, $"Orders host SIGKILLed with {inFlight} outcomes received and not yet handled");
    }

    /// <summary>
    /// SIGKILLs <paramref name="host"/> while its inbox holds messages received and not yet handled, and returns how
    /// many the kill cut off: counted once the process is gone, when nothing else handles them.
    /// </summary>
    private async Task<long> KillWithUnhandledInboxAsync(HostProcess host, string database, string inbox)
    {
        for (var attempt = 1; ; attempt++)
        {
            await WaitForUnhandledInboxEnvelopesAsync(database);
            await host.CrashAsync();
            if (await CountUnhandledInboxEnvelopesAsync(database) is var inFlight and > 0)
            {
                return inFlight;
            }

            await host.StartAsync();
            AssertAnotherKillAllowed(attempt, inbox);
        }
    }

    private void AssertAnotherKillAllowed(int attempt, string inbox)
    {
        Assert.True(attempt < KillAttempts, $"{KillAttempts} kills in a row cut through nothing received and not yet handled: {inbox} was empty each time");
        output.WriteLine($"kill {attempt} found {inbox} empty (everything handled between the look and the kill); undone and tried again");
    }

    private async Task FinishAsync(Shop shop, OrderLoad load, string fault)
    {
        TimeSpan settled;
        try
        {
            // Orders keep flowing for a while after the recovery: the system must be back, not only catch up.
            await load.WaitForAcceptedAsync(load.Accepted.Count + 50);
            await load.StopAsync();
            AssertSelfRestartsBounded(shop.Orders, shop.Payments);
            settled = await shop.Books.WaitUntilSettledAsync([.. load.Accepted.Keys], SettleTimeout);
        }
        catch (Exception) when (shop.Orders.RestartFailure is not null || shop.Payments.RestartFailure is not null)
        {
            // A host in a crash loop is the failure to report, not the orders it left waiting.
            AssertSelfRestartsBounded(shop.Orders, shop.Payments);
            throw;
        }

        output.WriteLine($"{fault}; {load.Accepted.Count} orders ({load.FailedAttempts} attempts refused or failed, {load.Shed} of them shed with 429); "
                         + $"all final {settled.TotalSeconds:0.0} s after the load stopped; hosts restarted at their own request "
                         + $"(at most {HostProcess.MaxSelfRestarts} each): Orders {shop.Orders.SelfRestarts}, Payments {shop.Payments.SelfRestarts}");
        AssertSelfRestartsBounded(shop.Orders, shop.Payments);
        await shop.Books.AssertBalancedAsync(load.Accepted, shop.Deposits);
    }

    /// <summary>
    /// A host may stop itself to be restarted (exit 75), within the bound, and every such restart must have come up;
    /// any other exit the harness did not cause is a crash of its own.
    /// </summary>
    private void AssertSelfRestartsBounded(params HostProcess[] hosts)
    {
        foreach (var host in hosts)
        {
            var exits = host.UnrequestedExits;
            if (exits.Count > 0)
            {
                output.WriteLine($"The {host.Module} host ended by itself with exit codes {string.Join(", ", exits)}; restarted {host.SelfRestarts} times");
            }

            Assert.Null(host.RestartFailure);
            Assert.All(exits, code => Assert.Equal(75, code));
            Assert.InRange(host.SelfRestarts, 0, HostProcess.MaxSelfRestarts);
        }
    }

    /// <summary>
    /// Waits until the host's durable inbox holds envelopes received but not yet handled, so that a crash now is
    /// likely to cut through work in progress; whether it did is counted after the kill.
    /// </summary>
    private static async Task WaitForUnhandledInboxEnvelopesAsync(string connectionString) =>
        await Eventually.UntilAsync(async () =>
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return await CountUnhandledInboxEnvelopesAsync(connection);
        }, count => count > 0, "envelopes received and not yet handled", TimeSpan.FromSeconds(30));

    private static async Task<long> CountUnhandledInboxEnvelopesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await CountUnhandledInboxEnvelopesAsync(connection);
    }

    private static async Task<long> CountUnhandledInboxEnvelopesAsync(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE status = 'Incoming'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}

using System.Diagnostics;
using Npgsql;
using Xunit.Abstractions;

namespace HsePayord.CrashTests;

/// <summary>
/// The broker as a three-node cluster with quorum queues: the node leading <c>payments.payment-requests</c> is SIGKILLed
/// while orders flow, the queue gets a new leader on a live node, the hosts carry on through the live nodes, and once the
/// dead node is back every accepted order is final, charged exactly once, with nothing dead-lettered.
/// </summary>
[Collection(CrashCollection.Name)]
public sealed class BrokerClusterTests(CrashLab lab, ITestOutputHelper output)
{
    private const int OrdersPerSecond = 25;
    private const int Shoppers = 12;
    private const string PaymentRequests = "payments.payment-requests";
    private const string PaymentResults = "orders.payment-results";

    // Down at least this long, and long enough for orders to be charged through the live nodes meanwhile.
    private static readonly TimeSpan MinimumOutage = TimeSpan.FromSeconds(10);
    // A host whose connection the client does not recover waits out the watchdog's 30 s grace period, then restarts.
    private static readonly TimeSpan FailoverTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task Given_the_node_leading_payment_requests_killed_while_orders_flow_then_a_live_node_takes_over_and_every_order_settles_once()
    {
        var test = Stopwatch.StartNew();
        await using var cluster = new RabbitMqCluster($"{CrashLab.Name}-cluster", 5780 + 3 * CrashLab.Offset);
        await cluster.InitializeAsync();
        output.WriteLine($"{test.Elapsed.TotalSeconds:0.0} s: three nodes clustered");
        using var quorumQueues = new InheritedEnvironmentVariable("Messaging__QuorumQueues", "true");
        await using var shop = await lab.OpenShopAsync("broker_cluster", Shoppers, cluster);
        await using var load = shop.StartShopping(OrdersPerSecond);
        await load.WaitForAcceptedAsync(50);
        output.WriteLine($"{test.Elapsed.TotalSeconds:0.0} s: hosts up, 50 orders accepted");

        var queues = await cluster.ListQueuesAsync(shop.VirtualHost);
        output.WriteLine(string.Join(Environment.NewLine, queues));
        AssertQuorumWhereAllowed(queues);
        var leaderBefore = queues.Single(q => q.Name == PaymentRequests).Leader!;
        var leader = cluster.NodeNamed(leaderBefore);
        // The queue was declared through the Payments host's connection, where it got its leader: the node about to die
        // is the one Payments consumes through, so carrying on means moving to another node.
        Assert.Contains(leader.NodeName, await cluster.ConsumerNodesAsync(shop.VirtualHost, PaymentRequests));

        output.WriteLine($"{test.Elapsed.TotalSeconds:0.0} s: {leader.NodeName} leads {PaymentRequests} and serves its consumer; killing it");
        var vm = leader.VmPid;
        var paidAtCrash = await CountPaidAsync(shop);
        var crashed = Stopwatch.StartNew();
        await leader.CrashAsync();
        Assert.False(Commands.IsRunning(vm), "The leader's Erlang VM is still running");
        Assert.False(leader.AcceptsConnections(), "The leader still accepts connections");

        var newLeader = await Eventually.UntilAsync(
            async () => (await cluster.ListQueuesAsync(shop.VirtualHost)).Single(q => q.Name == PaymentRequests).Leader,
            // Against the leader before the kill, whoever was killed: killing a follower must fail this.
            seen => seen is not null && seen != leaderBefore, $"{PaymentRequests} to elect a leader other than {leaderBefore}", FailoverTimeout);
        var electedAfter = crashed.Elapsed;
        var consumers = await Eventually.UntilAsync(
            () => cluster.ConsumerNodesAsync(shop.VirtualHost, PaymentRequests),
            // The dead node's consumer stays listed (suspected down) until that node is back; what counts is a new one.
            nodes => nodes.Any(node => node != leader.NodeName), "Payments to consume through a live node", FailoverTimeout,
            nodes => string.Join(", ", nodes));
        var consumingAgainAfter = crashed.Elapsed;
        // Orders charged while the node is still down: the hosts work through the live nodes, not only after its return.
        var paidWhileDown = await Eventually.UntilAsync(() => CountPaidAsync(shop), paid => paid >= paidAtCrash + 50,
            "50 more orders paid with the leader's node down", FailoverTimeout) - paidAtCrash;
        var chargedAgainAfter = crashed.Elapsed;
        if (crashed.Elapsed < MinimumOutage)
        {
            await Task.Delay(MinimumOutage - crashed.Elapsed); // the rest of the outage itself
        }

        Assert.False(leader.AcceptsConnections(), "The killed node came back by itself");
        var outage = crashed.Elapsed;
        await leader.StartAsync();
        await Eventually.UntilAsync(
            async () => (await cluster.ListQueuesAsync(shop.VirtualHost)).Single(q => q.Name == PaymentRequests).Online,
            online => online.Count == cluster.Nodes.Count, $"every member of {PaymentRequests} online again", FailoverTimeout,
            online => string.Join(", ", online));

        output.WriteLine($"{test.Elapsed.TotalSeconds:0.0} s: {leader.NodeName} back in the cluster");

        await load.WaitForAcceptedAsync(load.Accepted.Count + 50);
        await load.StopAsync();
        var settled = await shop.Books.WaitUntilSettledAsync([.. load.Accepted.Keys], SettleTimeout);
        output.WriteLine($"broker cluster: leader {leader.NodeName} of {PaymentRequests} SIGKILLed, {outage.TotalSeconds:0.0} s down; "
                         + $"new leader {newLeader} after {electedAfter.TotalSeconds:0.0} s, Payments consuming through {string.Join(", ", consumers.Where(node => node != leader.NodeName))} "
                         + $"after {consumingAgainAfter.TotalSeconds:0.0} s, 50 more orders paid after {chargedAgainAfter.TotalSeconds:0.0} s "
                         + $"({paidWhileDown} paid while the node was down); {load.Accepted.Count} orders ({load.FailedAttempts} attempts refused or failed, "
                         + $"{load.Shed} of them shed with 429); all final {settled.TotalSeconds:0.0} s after the load stopped; "
                         + $"hosts restarted at their own request: Orders {shop.Orders.SelfRestarts}, Payments {shop.Payments.SelfRestarts}");
        await shop.Books.AssertBalancedAsync(load.Accepted, shop.Deposits);
    }

    /// <summary>
    /// Every durable queue is a quorum queue, replicated on all three nodes; the per-replica queues (auto-delete or
    /// exclusive, which a quorum queue cannot be) exist and stay classic.
    /// </summary>
    private static void AssertQuorumWhereAllowed(IReadOnlyList<QueueState> queues)
    {
        Assert.Contains(queues, q => q.Name == PaymentRequests);
        Assert.Contains(queues, q => q.Name == PaymentResults);
        Assert.All(queues.Where(q => q.Durable && !q.AutoDelete && !q.Exclusive), queue =>
        {
            Assert.Equal("quorum", queue.Type);
            Assert.Equal(3, queue.Members.Count);
        });
        var perReplica = queues.Where(q => q.AutoDelete || q.Exclusive).ToList();
        Assert.NotEmpty(perReplica);
        Assert.All(perReplica, queue => Assert.Equal("classic", queue.Type));
    }

    private async Task<long> CountPaidAsync(Shop shop)
    {
        await using var connection = new NpgsqlConnection(lab.Postgres.ObserverConnectionString(shop.OrdersDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orders.orders WHERE status = 'Paid'", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// A setting for the hosts this test starts, which inherit the test process's environment. Safe only because the
    /// crash tests run one at a time (one collection), so no other test's hosts start meanwhile.
    /// </summary>
    private sealed class InheritedEnvironmentVariable : IDisposable
    {
        private readonly string _name;
        private readonly string? _previous;

        public InheritedEnvironmentVariable(string name, string value)
        {
            _name = name;
            _previous = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value);
        }

        public void Dispose() => Environment.SetEnvironmentVariable(_name, _previous);
    }
}

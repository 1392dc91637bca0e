using System.Diagnostics;
using System.Net.Http.Json;

namespace HsePayord.IntegrationTests;

public sealed record MonitoringTotalsJson(long Sent, long Received, long Succeeded, long Handled, long Failed, long DeadLettered, long DuplicatesSuppressed);

public sealed record MonitoringPointJson(DateTimeOffset At, double HandledPerSecond, double? CriticalP50, double? CriticalP95);

public sealed record EndpointJson(string Queue, long? Messages, long? Consumers, MonitoringTotalsJson Totals, List<MonitoringPointJson> Series);

public sealed record MonitoringJson(string Host, string Instance, DateTimeOffset At, int IntervalSeconds, List<EndpointJson> Endpoints)
{
    public EndpointJson? Queue(string name) => Endpoints.FirstOrDefault(e => e.Queue == name);

    public override string ToString() => string.Join("; ", Endpoints.Select(e => $"{e.Queue}: {e.Messages} ready, {e.Consumers} consumers, {e.Totals}"));
}

/// <summary>Live monitoring per queue, read from Wolverine's meter and the broker, counts what the test sent.</summary>
[Collection(SystemCollection.Name)]
public sealed class MonitoringTests(SystemFixture system)
{
    private const string Requests = "payments.payment-requests";
    private const string Results = "orders.payment-results";
    private readonly Api _api = new(system);

    [Fact]
    public async Task Two_hundred_orders_in_are_two_hundred_payment_requests_sent_received_and_handled_and_the_queue_drains()
    {
        const int count = 200;
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: count);
        // Earlier tests' messages may still be settling: start from quiet numbers.
        var orders0 = await QuietAsync(system.Orders, Requests, m => m.Totals.Sent);
        var payments0 = await QuietAsync(system.Payments, Requests, m => m.Totals.Handled);

        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (_, _) => await _api.CreateOrderAsync(user, 1));
        await _api.WaitUntilAllFinalAsync(user, count);

        var payments = await Eventually.UntilAsync(() => SnapshotAsync(system.Payments),
            m => (m.Queue(Requests)?.Totals.Handled ?? 0) - (payments0.Queue(Requests)?.Totals.Handled ?? 0) >= count && m.Queue(Requests)?.Messages == 0, "Payments to have handled every request and its queue to drain", TimeSpan.FromSeconds(30));
        var orders = await SnapshotAsync(system.Orders);

        Assert.Equal(count, orders.Queue(Requests)!.Totals.Sent - (orders0.Queue(Requests)?.Totals.Sent ?? 0));
        Assert.Equal(count, payments.Queue(Requests)!.Totals.Received - (payments0.Queue(Requests)?.Totals.Received ?? 0));
        Assert.Equal(count, payments.Queue(Requests)!.Totals.Handled - (payments0.Queue(Requests)?.Totals.Handled ?? 0));
        Assert.Equal(0, payments.Queue(Requests)!.Totals.DeadLettered - (payments0.Queue(Requests)?.Totals.DeadLettered ?? 0));
        Assert.Equal(0, payments.Queue(Requests)!.Messages);
        Assert.Equal(1, payments.Queue(Requests)!.Consumers);
        Assert.Equal(count, payments.Queue(Results)!.Totals.Sent - (payments0.Queue(Results)?.Totals.Sent ?? 0));
        Assert.Equal("payments", payments.Host);
    }

    [Fact]
    public async Task The_series_fills_every_interval_with_rates_and_times()
    {
        const int count = 3;
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 10);
        // Earlier tests' messages may still be settling: start from quiet numbers, and from the close of the interval
        // they fell in. Every interval closed after that holds only this test's requests.
        var quiet = await QuietAsync(system.Payments, Requests, m => m.Totals.Handled);
        var since = await Eventually.UntilAsync(
            async () => LastClosed(await SnapshotAsync(system.Payments)), at => at > quiet.At,
            "an interval of the Payments host's series to close", TimeSpan.FromSeconds(3 * 5));

        var sending = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ => await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(user, 1)).OrderId)));
        var slowestOrderMs = sending.Elapsed.TotalMilliseconds;

        // The orders' numbers join the series when the interval they fell in closes (every 5 s).
        var after = await Eventually.UntilAsync(() => SnapshotAsync(system.Payments),
            m => HandledIn(ClosedSince(m, since), m.IntervalSeconds) >= count,
            $"the Payments host's series to hold intervals, closed after {since:O}, with the {count} requests handled",
            TimeSpan.FromSeconds(4 * 5),
            m => string.Join(", ", ClosedSince(m, since).Select(p => $"{p.At:HH:mm:ss}: {p.HandledPerSecond}/s, p95 {p.CriticalP95}")));

        var points = ClosedSince(after, since);
        Assert.Equal(count, HandledIn(points, after.IntervalSeconds));
        var withRequests = points.Where(p => p.HandledPerSecond > 0).ToList();
        // Each interval the requests were handled in has their critical times (sent → handled), and none can exceed
        // the time the test waited for its orders to be final.
        Assert.All(withRequests, p =>
        {
            Assert.NotNull(p.CriticalP50);
            Assert.NotNull(p.CriticalP95);
            Assert.InRange(p.CriticalP95!.Value, p.CriticalP50!.Value, slowestOrderMs);
        });
    }

    /// <summary>When the host last closed an interval (it closes every queue's at once); never, for a host just started.</summary>
    private static DateTimeOffset LastClosed(MonitoringJson monitoring) =>
        monitoring.Endpoints.SelectMany(e => e.Series).Select(p => p.At).DefaultIfEmpty(DateTimeOffset.MinValue).Max();

    /// <summary>The points of the requests queue's series closed after <paramref name="since"/>.</summary>
    private static List<MonitoringPointJson> ClosedSince(MonitoringJson monitoring, DateTimeOffset since) =>
        monitoring.Queue(Requests)?.Series.Where(p => p.At > since).ToList() ?? [];

    private static long HandledIn(IEnumerable<MonitoringPointJson> points, int intervalSeconds) =>
        (long)Math.Round(points.Sum(p => p.HandledPerSecond * intervalSeconds));

    private async Task<MonitoringJson> SnapshotAsync(HttpClient host)
    {
        var ops = host == system.Orders ? OpsClient.Orders(system) : OpsClient.Payments(system);
        return (await (await ops.SendAsync(HttpMethod.Get, "/monitoring")).Content.ReadFromJsonAsync<MonitoringJson>(Api.Json))!;
    }

    private async Task<MonitoringJson> QuietAsync(HttpClient host, string queue, Func<EndpointJson, long> counter)
    {
        var previous = await SnapshotAsync(host);
        while (true)
        {
            await Task.Delay(500);
            var current = await SnapshotAsync(host);
            if ((current.Queue(queue) is { } now ? counter(now) : 0) == (previous.Queue(queue) is { } then ? counter(then) : 0))
            {
                return current;
            }

            previous = current;
        }
    }
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using HsePayord.Benchmark;
using Microsoft.AspNetCore.SignalR.Client;

// Drives the running hosts like many shoppers at once, checks the books afterwards and reports what the load cost.
//   dotnet run -- [--orders N] [--concurrency C] [--rate R] [--duration S [--interval I]] [--users U] [--idle S]
//                 [--warmup W] [--cold] [--orders-url URL] [--payments-url URL] [--orders-db CS] [--payments-db CS]
//                 [--orders-pid P] [--payments-pid P] [--orders-ready-ms MS] [--payments-ready-ms MS]
//                 [--pgbench-tps TPS [--pgbench-setup TEXT]]
// docs/performance.md describes the phases and every printed line.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException or UriFormatException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
using var orders = new HttpClient { BaseAddress = options.OrdersUrl, Timeout = TimeSpan.FromSeconds(60) };
using var payments = new HttpClient { BaseAddress = options.PaymentsUrl, Timeout = TimeSpan.FromSeconds(60) };
var shed = 0;
var settledAt = new ConcurrentDictionary<Guid, (long Timestamp, string Status)>();
// Every order the API accepted in any phase (cold, warm-up, idle, load): what the books must account for.
var accepted = new ConcurrentDictionary<Guid, PlacedOrder>();
var idsAnsweredTwice = new ConcurrentBag<Guid>();

var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
var users = Enumerable.Range(0, options.Users).Select(i => $"bench-{runId}-{i}").ToArray();
const decimal Deposit = 1000m;

Console.WriteLine($"hse-payord benchmark: {options.Orders} orders, concurrency {options.Concurrency}, " +
                  $"{(options.Rate > 0 ? $"offered {options.Rate}/s" : "as fast as they go")}" +
                  $"{(options.DurationSeconds > 0 ? $" for {options.DurationSeconds} s (intervals of {options.IntervalSeconds} s)" : "")}, " +
                  $"{options.Users} users, {options.IdleSamples} idle samples, {options.Warmup} warm-up orders" +
                  $"{(options.Cold ? ", cold start" : "")}, against {options.OrdersUrl} and {options.PaymentsUrl}");

// Who spends the CPU: each host (the pid bench.sh started, else whoever listens on its port), PostgreSQL (backends of
// the two databases only), RabbitMQ and this client.
var ordersPid = options.OrdersPid ?? LocalListener(options.OrdersUrl);
var paymentsPid = options.PaymentsPid ?? LocalListener(options.PaymentsUrl);
var databases = new HashSet<string> { TableSize.Database(options.OrdersDb), TableSize.Database(options.PaymentsDb) };
ProcessGroup[] groups =
[
    ProcessGroup.Tree("Orders host", ordersPid),
    ProcessGroup.Tree("Payments host", paymentsPid),
    ProcessGroup.PostgreSql(databases, LocalListener(TableSize.Server(options.OrdersDb))),
    ProcessGroup.RabbitMq(),
    ProcessGroup.Tree("benchmark client", Environment.ProcessId),
];

var tablesBefore = await ReadTablesAsync();

await Parallel.ForEachAsync(users, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (user, ct) =>
{
    (await payments.PostAsJsonAsync("/api/payments/accounts", new { userId = user }, ct)).EnsureSuccessStatusCode();
    (await payments.PostAsJsonAsync($"/api/payments/accounts/{user}/deposits", new { amount = Deposit }, ct)).EnsureSuccessStatusCode();
});

// Completion is observed the way the web UI observes it: the orderUpdated push, sent after the commit.
var connections = new List<HubConnection>();
foreach (var user in users)
{
    var connection = new HubConnectionBuilder().WithUrl(new Uri(options.OrdersUrl, $"/hubs/orders?userId={user}")).Build();
    connection.On<JsonElement>("orderUpdated", order =>
    {
        var status = order.GetProperty("status").GetString()!;
        if (status != "PaymentPending")
        {
            settledAt.TryAdd(order.GetProperty("orderId").GetGuid(), (Stopwatch.GetTimestamp(), status));
        }
    });
    await connection.StartAsync();
    connections.Add(connection);
}

// 0. Cold (--cold, after bench.sh restarted the hosts): the very first order, before any warm-up.
(double Returned, double OverRest, double? Pushed)? coldOrder = null;
if (options.Cold)
{
    var sent = Stopwatch.GetTimestamp();
    var order = await PostOrderAsync(users[0], 1m);
    var returned = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
    var rest = await WaitUntilFinalOverRestAsync(order) - sent;
    await WaitUntilPushedAsync(order, TimeSpan.FromSeconds(60));
    coldOrder = (returned, Milliseconds(rest),
        settledAt.TryGetValue(order, out var pushed) ? Milliseconds(pushed.Timestamp - sent) : null);
}

// Warm-up (not measured): JIT tiers, connection pools and the thread pool reach their working size.
if (options.Warmup > 0)
{
    await Parallel.ForEachAsync(Enumerable.Range(0, options.Warmup), new ParallelOptions { MaxDegreeOfParallelism = 16 },
        async (i, _) => await PostOrderAsync(users[i % users.Length], 1m));
    await Task.Delay(TimeSpan.FromSeconds(2));
}

// 1. Idle: one order at a time; from the POST's response to the final status read back over REST. Polled every
//    millisecond, the reads are themselves load on a small machine (hundreds of requests a second, each through both
//    the Orders host and PostgreSQL), so a second series reads once, after the push (sent after the commit) arrived:
//    an upper bound of when the final status became visible over REST, without the polling's load.
var idle = new List<double>();
for (var i = 0; i < options.IdleSamples; i++)
{
    var order = await PostOrderAsync(users[i % users.Length], 1m);
    var returned = Stopwatch.GetTimestamp();
    idle.Add(Milliseconds(await WaitUntilFinalOverRestAsync(order) - returned));
}

var idleAfterPush = new List<double>();
for (var i = 0; i < options.IdleSamples; i++)
{
    var order = await PostOrderAsync(users[i % users.Length], 1m);
    var returned = Stopwatch.GetTimestamp();
    if (await WaitUntilPushedAsync(order, TimeSpan.FromSeconds(30)))
    {
        idleAfterPush.Add(Milliseconds(await WaitUntilFinalOverRestAsync(order) - returned));
    }
}

// 2. Load: N orders at concurrency C, as fast as they go or paced at R/s (--rate) for --duration; from the POST
//    being sent to the final status pushed. CPU is read from /proc right before and after.
var sentAt = new ConcurrentDictionary<Guid, long>();
var random = new Random(42);
var amounts = Enumerable.Range(0, options.Orders).Select(_ => (decimal)random.Next(1, 50)).ToArray();
var cpuBefore = CpuSample.Take(groups);
var started = Stopwatch.GetTimestamp();
using var progress = new CancellationTokenSource();
var progressReport = options.DurationSeconds > 0 ? ReportProgressAsync(progress.Token) : Task.CompletedTask;
await Parallel.ForEachAsync(Enumerable.Range(0, options.Orders), new ParallelOptions { MaxDegreeOfParallelism = options.Concurrency },
    async (i, ct) =>
    {
        if (options.Rate > 0)
        {
            var due = TimeSpan.FromSeconds(i / (double)options.Rate) - Stopwatch.GetElapsedTime(started);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }
        }

        var orderId = await PostOrderAsync(users[i % users.Length], amounts[i], (id, acceptedAttemptSentAt) => sentAt[id] = acceptedAttemptSentAt);
    });
var postsDone = Stopwatch.GetElapsedTime(started);

var settleDeadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
while (!sentAt.Keys.All(settledAt.ContainsKey) && Stopwatch.GetTimestamp() < settleDeadline)
{
    await Task.Delay(100);
}

var cpuAfter = CpuSample.Take(groups);
await progress.CancelAsync();
await progressReport;

var lastSettled = sentAt.Keys.Where(settledAt.ContainsKey).Select(id => settledAt[id].Timestamp).DefaultIfEmpty(started).Max();
var elapsed = Stopwatch.GetElapsedTime(started, lastSettled);
var latencies = sentAt.Where(p => settledAt.ContainsKey(p.Key))
    .Select(p => Milliseconds(settledAt[p.Key].Timestamp - p.Value)).ToList();
var missingPushes = sentAt.Count - latencies.Count;

// 3. The books, read from both modules' databases (not over REST, where an order placed or charged twice would not
//    show): every accepted order exactly one row, final; exactly one charge per Paid order and none for any other;
//    no payment without its order; for every user, deposited − charged = balance ≥ 0.
var ledger = await Ledger.ReadAsync(options.OrdersDb, options.PaymentsDb, users);
var violations = ledger.Check(accepted, settledAt.ToDictionary(p => p.Key, p => p.Value.Status), users, Deposit);
violations.InsertRange(0, idsAnsweredTwice.Select(id => $"order {id}: the API answered two different Idempotency-Keys with it"));

foreach (var connection in connections)
{
    await connection.DisposeAsync();
}

var tablesAfter = await ReadTablesAsync();
var ordersRss = ordersPid is { } op ? ProcFs.ReadRssBytes(op) : null;
var paymentsRss = paymentsPid is { } pp ? ProcFs.ReadRssBytes(pp) : null;

Console.WriteLine();
if (coldOrder is { } cold)
{
    Console.WriteLine($"cold   process start → /health/ready 200  Payments host {Ms(options.PaymentsReadyMs)}   Orders host {Ms(options.OrdersReadyMs)}");
    Console.WriteLine($"cold   first order, POST sent →           returned {cold.Returned,7:0.0} ms   final over REST {cold.OverRest,7:0.0} ms   final pushed {Ms(cold.Pushed)}");
}

if (idle.Count > 0)
{
    Console.WriteLine($"idle   POST returned → final over REST   p50 {Percentile(idle, 50),7:0.0} ms   p95 {Percentile(idle, 95),7:0.0} ms   max {idle.Max(),7:0.0} ms   (n={idle.Count}; polled every ms)");
    if (idleAfterPush.Count > 0)
    {
        Console.WriteLine($"idle   POST returned → final over REST   p50 {Percentile(idleAfterPush, 50),7:0.0} ms   p95 {Percentile(idleAfterPush, 95),7:0.0} ms   max {idleAfterPush.Max(),7:0.0} ms   (n={idleAfterPush.Count}; read once, after the push)");
    }

    if (idleAfterPush.Count < idle.Count)
    {
        Console.WriteLine($"idle   {idle.Count - idleAfterPush.Count} of {idle.Count} orders pushed no final status within 30 s");
    }
}

var settledPerSecond = latencies.Count / elapsed.TotalSeconds;
if (options.Orders > 0)
{
    Console.WriteLine($"load   POST sent → final pushed          p50 {Percentile(latencies, 50),7:0.0} ms   p95 {Percentile(latencies, 95),7:0.0} ms   p99 {Percentile(latencies, 99),7:0.0} ms");
    Console.WriteLine($"load   throughput                        {settledPerSecond,7:0.0} settled orders/s  ({latencies.Count} orders in {elapsed.TotalSeconds:0.00} s; POSTs alone {options.Orders / postsDone.TotalSeconds:0.0}/s)");
    if (options.DurationSeconds > 0)
    {
        PrintIntervals();
    }

    PrintCpu();
}

Console.WriteLine($"rss    at the end                        Orders host {Mib(ordersRss)}   Payments host {Mib(paymentsRss)}");
if (options.PgbenchTps is { } tps)
{
    Console.WriteLine($"pgbench simple-update ({options.PgbenchSetup ?? "this machine"}): {tps,7:0.0} tps" +
                      (options.Orders > 0 ? $";  settled orders/s ÷ pgbench tps = {settledPerSecond / tps:0.000}" : ""));
}

PrintTables(options.OrdersDb, tablesBefore.Orders, tablesAfter.Orders);
PrintTables(options.PaymentsDb, tablesBefore.Payments, tablesAfter.Payments);
Console.WriteLine($"shed   {shed} POSTs answered 429 + Retry-After and sent again (latencies count from the accepted attempt)");
Console.WriteLine($"books  {accepted.Count} orders accepted → {ledger.OrderRows} rows in orders.orders ({ledger.Count("Paid")} Paid, " +
                  $"{ledger.Count("PaymentFailed")} PaymentFailed, {ledger.OrderRows - ledger.Count("Paid") - ledger.Count("PaymentFailed")} not final); " +
                  $"payments.payments {ledger.Charges} charges, {ledger.Declines} declines; {ledger.Accounts} accounts of {users.Length} users");
Console.WriteLine($"books  {violations.Count} violations, {missingPushes} orders of the load without a final push");
foreach (var violation in violations.Take(20))
{
    Console.WriteLine($"  ! {violation}");
}

return violations.Count == 0 && missingPushes == 0 ? 0 : 1;

// Places one order as a careful client does: with an Idempotency-Key, and a 429 (admission control: more orders
// unsettled than settle in time) retried after its Retry-After under the same key. The clock of an order starts when
// the attempt that was accepted is sent: shed attempts wait outside the system (counted separately).
async Task<Guid> PostOrderAsync(string user, decimal amount, Action<Guid, long>? onAccepted = null)
{
    var key = Guid.NewGuid().ToString();
    while (true)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders")
        {
            Content = JsonContent.Create(new { userId = user, amount }),
        };
        request.Headers.Add("Idempotency-Key", key);
        var sent = Stopwatch.GetTimestamp();
        using var response = await orders.SendAsync(request);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Interlocked.Increment(ref shed);
            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1));
            continue;
        }

        response.EnsureSuccessStatusCode();
        var orderId = (await response.Content.ReadFromJsonAsync<JsonElement>(json)).GetProperty("orderId").GetGuid();
        if (!accepted.TryAdd(orderId, new PlacedOrder(user, amount)))
        {
            idsAnsweredTwice.Add(orderId);
        }

        onAccepted?.Invoke(orderId, sent);
        return orderId;
    }
}

// Polls GET /api/orders/{id} every millisecond; returns the timestamp at which it first showed a final status.
async Task<long> WaitUntilFinalOverRestAsync(Guid order)
{
    while (true)
    {
        var current = await orders.GetFromJsonAsync<JsonElement>($"/api/orders/{order}", json);
        if (current.GetProperty("status").GetString() != "PaymentPending")
        {
            return Stopwatch.GetTimestamp();
        }

        await Task.Delay(1);
    }
}

// Waits, without asking the hosts anything, until the order's final status was pushed.
async Task<bool> WaitUntilPushedAsync(Guid order, TimeSpan timeout)
{
    var deadline = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * timeout.TotalSeconds);
    while (!settledAt.ContainsKey(order))
    {
        if (Stopwatch.GetTimestamp() > deadline)
        {
            return false;
        }

        await Task.Delay(1);
    }

    return true;
}

// A sustained run says how it goes once per interval: orders sent and settled so far.
async Task ReportProgressAsync(CancellationToken stop)
{
    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.IntervalSeconds));
    try
    {
        while (await timer.WaitForNextTickAsync(stop))
        {
            var settled = sentAt.Keys.Count(settledAt.ContainsKey);
            Console.WriteLine($"  [{Stopwatch.GetElapsedTime(started).TotalSeconds,6:0} s] {sentAt.Count} sent, {settled} settled");
        }
    }
    catch (OperationCanceledException)
    {
        // The load phase is over.
    }
}

void PrintIntervals()
{
    var interval = Stopwatch.Frequency * options.IntervalSeconds;
    var buckets = (int)Math.Ceiling(Math.Max(elapsed.TotalSeconds, options.DurationSeconds) / options.IntervalSeconds);
    Console.WriteLine($"       per {options.IntervalSeconds} s interval   (latency of the orders sent in it; settled/s of the orders settled in it)");
    for (var bucket = 0; bucket < buckets; bucket++)
    {
        var sentInBucket = sentAt.Where(p => (p.Value - started) / interval == bucket).ToList();
        var bucketLatencies = sentInBucket.Where(p => settledAt.ContainsKey(p.Key))
            .Select(p => Milliseconds(settledAt[p.Key].Timestamp - p.Value)).ToList();
        var settledInBucket = sentAt.Keys.Count(id => settledAt.TryGetValue(id, out var s) && (s.Timestamp - started) / interval == bucket);
        // The last interval may be cut short by the end of the run.
        var bucketSeconds = Math.Min(options.IntervalSeconds, Math.Max(elapsed.TotalSeconds, options.DurationSeconds) - bucket * options.IntervalSeconds);
        Console.WriteLine($"       {bucket * options.IntervalSeconds,6}–{(bucket + 1) * options.IntervalSeconds,-6} s   " +
                          $"p50 {Ms(PercentileOrNull(bucketLatencies, 50))}   p95 {Ms(PercentileOrNull(bucketLatencies, 95))}   p99 {Ms(PercentileOrNull(bucketLatencies, 99))}   " +
                          $"{settledInBucket / bucketSeconds,7:0.0} settled/s   ({sentInBucket.Count} sent)");
    }
}

void PrintCpu()
{
    var wallMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    var settled = latencies.Count;
    Console.WriteLine($"cpu    per settled order over the load phase ({settled} settled, {wallMs / 1000:0.0} s; % of one core)");
    double? total = 0;
    double? hosts = 0;
    foreach (var group in groups)
    {
        var spent = cpuAfter.MillisecondsSince(cpuBefore, group.Name);
        total = total is { } t && spent is { } s ? t + s : null;
        if (group.Name.EndsWith(" host", StringComparison.Ordinal))
        {
            hosts = hosts is { } h && spent is { } s2 ? h + s2 : null;
        }

        Console.WriteLine($"       {group.Name,-18} {PerOrder(spent)}   ({cpuAfter.ProcessCount(group.Name)} processes)");
        if (group.Name == "Payments host")
        {
            Console.WriteLine($"       {"both hosts",-18} {PerOrder(hosts)}");
        }
    }

    Console.WriteLine($"       {"total",-18} {PerOrder(total)}");

    string PerOrder(double? spentMs) => spentMs is { } ms && settled > 0
        ? $"{ms / settled,7:0.000} ms CPU/order  {ms / wallMs * 100,6:0.0} %"
        : "    n/a";
}

async Task<(IReadOnlyList<TableSize> Orders, IReadOnlyList<TableSize> Payments, string? OrdersError, string? PaymentsError)> ReadTablesAsync()
{
    var (ordersTables, ordersError) = await TableSize.TryReadAsync(options.OrdersDb);
    var (paymentsTables, paymentsError) = await TableSize.TryReadAsync(options.PaymentsDb);
    return (ordersTables, paymentsTables, ordersError, paymentsError);
}

void PrintTables(string connectionString, IReadOnlyList<TableSize> before, IReadOnlyList<TableSize> after)
{
    var database = TableSize.Database(connectionString);
    if (after.Count == 0)
    {
        var error = database == TableSize.Database(options.OrdersDb) ? tablesAfter.OrdersError : tablesAfter.PaymentsError;
        Console.WriteLine($"tables {database}: n/a ({error ?? "no tables"})");
        return;
    }

    Console.WriteLine($"tables {database,-38} rows before → after        size before → after");
    foreach (var table in after)
    {
        var then = before.FirstOrDefault(t => t.Table == table.Table);
        // The tables issue #13 asks about always; the rest (operations, Wolverine's node bookkeeping) when their rows changed.
        var named = new[] { ".orders", ".payments", ".accounts", ".idempotency_keys", ".journey_steps", "_envelopes", ".wolverine_dead_letters" }
            .Any(suffix => table.Table.EndsWith(suffix, StringComparison.Ordinal));
        if (named || then?.Rows != table.Rows)
        {
            Console.WriteLine($"       {table.Table,-38} {then?.Rows,9} → {table.Rows,-9}   {Size(then?.Bytes),10} → {Size(table.Bytes)}");
        }
    }
}

static string Size(long? bytes) => bytes switch
{
    null => "n/a",
    < 1048576 => $"{bytes / 1024.0:0} kB",
    _ => $"{bytes / 1048576.0:0.0} MiB",
};

static int? LocalListener(Uri url) =>
    url.IsLoopback || (IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address)) ? ProcFs.FindListeningPid(url.Port) : null;

static double Milliseconds(long stopwatchTicks) => stopwatchTicks * 1000.0 / Stopwatch.Frequency;

static string Ms(double? milliseconds) => milliseconds is { } ms ? $"{ms,7:0.0} ms" : $"{"n/a",7}   ";

static string Mib(long? bytes) => bytes is { } b ? $"{b / 1048576.0:0.0} MiB" : "n/a";

static double? PercentileOrNull(List<double> values, double percentile) => values.Count == 0 ? null : Percentile(values, percentile);

static double Percentile(List<double> values, double percentile)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    var sorted = values.Order().ToList();
    return sorted[(int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

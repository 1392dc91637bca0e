using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

// Drives the running hosts like many shoppers at once and checks the books afterwards.
//   dotnet run -- [--orders N] [--concurrency C] [--rate R] [--users U] [--idle S] [--warmup W] [--orders-url URL] [--payments-url URL]
var options = BenchOptions.Parse(args);
var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
using var orders = new HttpClient { BaseAddress = options.OrdersUrl, Timeout = TimeSpan.FromSeconds(60) };
using var payments = new HttpClient { BaseAddress = options.PaymentsUrl, Timeout = TimeSpan.FromSeconds(60) };
var settledAt = new ConcurrentDictionary<Guid, (long Timestamp, string Status)>();
var settledSignal = new SemaphoreSlim(0);

var runId = DateTime.UtcNow.ToString("HHmmss", CultureInfo.InvariantCulture);
var users = Enumerable.Range(0, options.Users).Select(i => $"bench-{runId}-{i}").ToArray();
const decimal Deposit = 1000m;

Console.WriteLine($"hse-payord benchmark: {options.Orders} orders, concurrency {options.Concurrency}, " +
                  $"{(options.Rate > 0 ? $"offered {options.Rate}/s" : "as fast as they go")}, {options.Users} users, " +
                  $"{options.IdleSamples} idle samples, {options.Warmup} warm-up orders, against {options.OrdersUrl} and {options.PaymentsUrl}");

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
        if (status != "PaymentPending" && settledAt.TryAdd(order.GetProperty("orderId").GetGuid(), (Stopwatch.GetTimestamp(), status)))
        {
            settledSignal.Release();
        }
    });
    await connection.StartAsync();
    connections.Add(connection);
}

// Warm-up (not measured): JIT tiers, connection pools and the thread pool reach their working size.
if (options.Warmup > 0)
{
    await Parallel.ForEachAsync(Enumerable.Range(0, options.Warmup), new ParallelOptions { MaxDegreeOfParallelism = 16 },
        async (i, _) => await PostOrderAsync(users[i % users.Length], 1m));
    await Task.Delay(TimeSpan.FromSeconds(2));
}

// 1. Idle: one order at a time; from the POST's response to the final status read back over REST.
var idle = new List<double>();
for (var i = 0; i < options.IdleSamples; i++)
{
    var user = users[i % users.Length];
    var order = await PostOrderAsync(user, 1m);
    var returned = Stopwatch.GetTimestamp();
    while (true)
    {
        var current = await orders.GetFromJsonAsync<JsonElement>($"/api/orders/{order}", json);
        if (current.GetProperty("status").GetString() != "PaymentPending")
        {
            idle.Add(Stopwatch.GetElapsedTime(returned).TotalMilliseconds);
            break;
        }

        await Task.Delay(1);
    }
}

// 2. Load: N orders at concurrency C, as fast as they go or paced at R/s (--rate); from the POST being sent to
//    the final status pushed.
var sentAt = new ConcurrentDictionary<Guid, long>();
var random = new Random(42);
var amounts = Enumerable.Range(0, options.Orders).Select(_ => (decimal)random.Next(1, 50)).ToArray();
var started = Stopwatch.GetTimestamp();
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

        var before = Stopwatch.GetTimestamp();
        var orderId = await PostOrderAsync(users[i % users.Length], amounts[i]);
        sentAt[orderId] = before;
    });
var postsDone = Stopwatch.GetElapsedTime(started);

var deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 120;
while (sentAt.Keys.Any(id => !settledAt.ContainsKey(id)) && Stopwatch.GetTimestamp() < deadline)
{
    await settledSignal.WaitAsync(TimeSpan.FromMilliseconds(200));
}

var lastSettled = sentAt.Keys.Where(settledAt.ContainsKey).Select(id => settledAt[id].Timestamp).DefaultIfEmpty(started).Max();
var elapsed = Stopwatch.GetElapsedTime(started, lastSettled);
var latencies = sentAt.Where(p => settledAt.ContainsKey(p.Key))
    .Select(p => Stopwatch.GetElapsedTime(p.Value, settledAt[p.Key].Timestamp).TotalMilliseconds).ToList();
var missingPushes = sentAt.Count - latencies.Count;

// 3. The books: for every user, deposited − paid = balance ≥ 0, and nothing is left pending.
var violations = new List<string>();
var paidCount = 0;
var failedCount = 0;
foreach (var user in users)
{
    var list = await orders.GetFromJsonAsync<List<JsonElement>>($"/api/orders?userId={user}", json) ?? [];
    var balance = (await payments.GetFromJsonAsync<JsonElement>($"/api/payments/accounts/{user}", json)).GetProperty("balance").GetDecimal();
    var pending = list.Count(o => o.GetProperty("status").GetString() == "PaymentPending");
    var paid = list.Where(o => o.GetProperty("status").GetString() == "Paid").ToList();
    paidCount += paid.Count;
    failedCount += list.Count(o => o.GetProperty("status").GetString() == "PaymentFailed");
    var paidSum = paid.Sum(o => o.GetProperty("amount").GetDecimal());
    if (pending > 0) violations.Add($"{user}: {pending} orders still pending");
    if (Deposit - paidSum != balance) violations.Add($"{user}: deposited {Deposit} − paid {paidSum} ≠ balance {balance}");
    if (balance < 0) violations.Add($"{user}: negative balance {balance}");
}

foreach (var connection in connections)
{
    await connection.DisposeAsync();
}

Console.WriteLine();
Console.WriteLine($"idle   POST returned → final over REST   p50 {Percentile(idle, 50),7:0.0} ms   p95 {Percentile(idle, 95),7:0.0} ms   max {idle.DefaultIfEmpty().Max(),7:0.0} ms   (n={idle.Count})");
Console.WriteLine($"load   POST sent → final pushed          p50 {Percentile(latencies, 50),7:0.0} ms   p95 {Percentile(latencies, 95),7:0.0} ms   p99 {Percentile(latencies, 99),7:0.0} ms");
Console.WriteLine($"load   throughput                        {options.Orders / elapsed.TotalSeconds,7:0.0} settled orders/s  ({options.Orders} orders in {elapsed.TotalSeconds:0.00} s; POSTs alone {options.Orders / postsDone.TotalSeconds:0.0}/s)");
Console.WriteLine($"books  {paidCount} paid, {failedCount} failed, {missingPushes} without a final push, {violations.Count} violations");
foreach (var violation in violations.Take(20))
{
    Console.WriteLine($"  ! {violation}");
}

return violations.Count == 0 && missingPushes == 0 ? 0 : 1;

async Task<Guid> PostOrderAsync(string user, decimal amount)
{
    using var response = await orders.PostAsJsonAsync("/api/orders", new { userId = user, amount });
    response.EnsureSuccessStatusCode();
    return (await response.Content.ReadFromJsonAsync<JsonElement>(json)).GetProperty("orderId").GetGuid();
}

static double Percentile(List<double> values, double percentile)
{
    if (values.Count == 0)
    {
        return double.NaN;
    }

    var sorted = values.Order().ToList();
    return sorted[(int)Math.Clamp(Math.Ceiling(percentile / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
}

internal sealed record BenchOptions(
    int Orders, int Concurrency, int Rate, int Users, int IdleSamples, int Warmup, Uri OrdersUrl, Uri PaymentsUrl)
{
    public static BenchOptions Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }

        return new BenchOptions(
            int.Parse(Value("--orders", "3000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--concurrency", "64"), CultureInfo.InvariantCulture),
            int.Parse(Value("--rate", "0"), CultureInfo.InvariantCulture),
            int.Parse(Value("--users", "50"), CultureInfo.InvariantCulture),
            int.Parse(Value("--idle", "50"), CultureInfo.InvariantCulture),
            int.Parse(Value("--warmup", "500"), CultureInfo.InvariantCulture),
            new Uri(Value("--orders-url", "http://localhost:5101")),
            new Uri(Value("--payments-url", "http://localhost:5102")));
    }
}

using System.Diagnostics;

namespace HsePayord.IntegrationTests;

/// <summary>OpenTelemetry: one order is one trace, from the HTTP request through both hosts and back.</summary>
[Collection(SystemCollection.Name)]
public sealed class TelemetryTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Fact]
    public async Task One_trace_runs_from_POST_api_orders_through_Payments_back_to_the_Orders_handler_and_the_push()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 10);
        var order = await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(user, 10)).OrderId);

        var post = await Eventually.UntilAsync(
            () => Task.FromResult(system.OrdersSpans.FirstOrDefault(s =>
                s.Kind == ActivityKind.Server && s.DisplayName.StartsWith("POST /api/orders", StringComparison.Ordinal)
                && s.GetTagItem("http.response.status_code")?.ToString() == "202"
                && SpansOf(s.TraceId).Any(t => Tag(t, "messaging.message_id") is not null && Destination(t).Contains("payment-requests")))),
            span => span is not null, "the POST /api/orders span of this order", TimeSpan.FromSeconds(10));

        var traceId = post!.TraceId;
        var spans = await Eventually.UntilAsync(() => Task.FromResult(SpansOf(traceId)),
            trace => trace.Any(s => s.DisplayName.EndsWith("OrderStatusChanged", StringComparison.Ordinal)
                && s.StartTimeUtc > trace.Where(r => r.DisplayName == "ApplyPaymentOutcomes").Select(r => r.StartTimeUtc).DefaultIfEmpty(DateTime.MaxValue).Min()), "the whole round trip in one trace", TimeSpan.FromSeconds(10));

        var names = string.Join("\n", spans.OrderBy(s => s.StartTimeUtc).Select(s => $"{s.Source.Name} {s.Kind} {s.DisplayName} {Destination(s)}"));
        // Orders: the outbox sends PaymentRequested; Payments receives it, charges and sends its outcome; Orders
        // receives that, commits the status and fans the change out to every replica, which pushes it.
        string[] path =
        [
            "Producer payments.payment-requests", "Internal payments.payment-requests", "Internal ChargeForOrders",
            "Producer orders.payment-results", "Internal orders.payment-results", "Internal ApplyPaymentOutcomes",
            "Producer orders.order-status",
        ];
        var ordered = spans.OrderBy(s => s.StartTimeUtc).ToList();
        var at = 0;
        foreach (var step in path)
        {
            var kind = step.Split(' ')[0];
            var what = step.Split(' ')[1];
            var found = ordered.FindIndex(at, s => s.Kind.ToString() == kind && (Destination(s).Contains(what) || s.DisplayName == what));
            Assert.True(found >= 0, $"No {step} after span {at} in the trace:\n{names}");
            at = found;
        }

        // Npgsql: the commits in both databases are part of it.
        Assert.True(spans.Count(s => s.Source.Name == "Npgsql") >= 4, names);
        Assert.Equal("Paid", order.Status);
    }

    private List<Activity> SpansOf(ActivityTraceId traceId) =>
        system.OrdersSpans.Where(s => s.TraceId == traceId).DistinctBy(s => s.SpanId).ToList();

    private static string? Tag(Activity span, string name) => span.GetTagItem(name)?.ToString();

    private static string Destination(Activity span) => Tag(span, "messaging.destination") ?? span.DisplayName;
}

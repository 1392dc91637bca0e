using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments.Contracts;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;
using Wolverine;

namespace HsePayord.IntegrationTests;

public sealed record JourneyStepJson(
    string Step, string Kind, DateTimeOffset At, string Host, string Instance, Guid? MessageId, string? Detail, string? TraceId);

public sealed record JourneyJson(Guid OrderId, List<JourneyStepJson> Steps)
{
    public override string ToString() =>
        string.Join("; ", Steps.Select(s => $"{s.At:HH:mm:ss.ffffff} {s.Host} {s.Step} ({s.Kind}) {s.MessageId} {s.Detail}"));
}

/// <summary>Both hosts can tell what happened to one order, and when: the journal in each module's database.</summary>
[Collection(SystemCollection.Name)]
public sealed class JourneyTests(SystemFixture system)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly Api _api = new(system);

    [Fact]
    public async Task One_order_journey_has_every_step_in_order_across_both_hosts()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 100);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(system.Orders.BaseAddress!, $"/hubs/orders?userId={user}"))
            .Build();
        var paid = new TaskCompletionSource();
        hub.On<JsonElement>("orderUpdated", order =>
        {
            if (order.GetProperty("status").GetString() == "Paid")
            {
                paid.TrySetResult();
            }
        });
        await hub.StartAsync();

        var before = DateTimeOffset.UtcNow;
        var order = await _api.CreateOrderAsync(user, 25);
        await paid.Task.WaitAsync(Timeout);

        var orders = await Eventually.UntilAsync(() => OrdersJourneyAsync(order.OrderId),
            journey => journey.Steps.Any(s => s.Step == "order-updated-pushed" && s.Detail!.StartsWith("Paid")), "the Orders host's journey up to the Paid push", Timeout);
        var payments = await Eventually.UntilAsync(() => PaymentsJourneyAsync(order.OrderId),
            journey => journey.Steps.Any(s => s.Step == "payment-outcome-sent"), "the Payments host's journey", Timeout);

        var merged = orders.Steps.Concat(payments.Steps).OrderBy(s => s.At).ToList();
        var expected = new[]
        {
            ("orders", "order-placed"), ("orders", "payment-request-sent"), ("payments", "payment-request-received"),
            ("payments", "charged"), ("payments", "payment-outcome-sent"), ("orders", "payment-outcome-received"),
            ("orders", "status-committed"), ("orders", "order-updated-pushed"),
        };
        var path = merged.Where(s => expected.Contains((s.Host, s.Step))).ToList();
        // The PaymentPending push happens any time after the placement; the path compares the rest in order.
        path.RemoveAll(s => s.Step == "order-updated-pushed" && !s.Detail!.StartsWith("Paid"));
        Assert.Equal(expected.Select(e => $"{e.Item1}:{e.Item2}"), path.Select(s => $"{s.Host}:{s.Step}"));

        Assert.All(merged, s => Assert.InRange(s.At, before.AddSeconds(-1), DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.All(merged, s => Assert.False(string.IsNullOrEmpty(s.Instance)));
        Assert.All(merged, s => Assert.Equal("step", s.Kind));
        Assert.Equal("balance 100 → 75", Step(payments, "charged").Detail);
        Assert.Equal("Paid", Step(orders, "status-committed").Detail);
        Assert.Equal("Paid to 1 connection", orders.Steps.Single(s => s.Step == "order-updated-pushed" && s.Detail!.StartsWith("Paid")).Detail);

        // The same message, seen leaving one host and arriving at the other.
        var request = Step(orders, "payment-request-sent").MessageId;
        Assert.NotNull(request);
        Assert.Equal(request, Step(payments, "payment-request-received").MessageId);
        Assert.Equal(Step(payments, "payment-outcome-sent").MessageId, Step(orders, "payment-outcome-received").MessageId);
    }

    [Fact]
    public async Task A_redelivered_payment_request_shows_as_a_duplicate_the_inbox_dropped()
    {
        var user = Api.NewUserId();
        await _api.CreateAccountAsync(user, deposit: 10);
        var order = await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(user, 10)).OrderId);

        // The broker delivering one message twice (e.g. after a lost ack): the same message id, twice.
        var messageId = Guid.NewGuid();
        var request = new PaymentRequested(order.OrderId, user, 10, DateTimeOffset.UtcNow);
        await PublishRawAsync(PaymentsQueues.PaymentRequests, messageId, request);
        await Eventually.UntilAsync(() => PaymentsJourneyAsync(order.OrderId),
            journey => journey.Steps.Any(s => s.Step == "already-processed" && s.MessageId == messageId), "the first delivery handled", Timeout);
        await PublishRawAsync(PaymentsQueues.PaymentRequests, messageId, request);

        var journey = await Eventually.UntilAsync(() => PaymentsJourneyAsync(order.OrderId),
            j => j.Steps.Any(s => s.Step == "duplicate-dropped"), "the duplicate dropped", Timeout);
        var duplicate = Step(journey, "duplicate-dropped");
        Assert.Equal("duplicate", duplicate.Kind);
        Assert.Equal(messageId, duplicate.MessageId);
        Assert.Single(journey.Steps, s => s.Step == "already-processed");
        Assert.Equal(0, await _api.BalanceAsync(user));
    }

    [Fact]
    public async Task A_failing_message_shows_each_failure_and_retry_then_its_dead_letter()
    {
        var unknownOrderId = Guid.NewGuid();
        var bus = system.PaymentsServices.GetRequiredService<IMessageBus>();
        await bus.PublishAsync(new PaymentSucceeded(unknownOrderId, "nobody", 5, DateTimeOffset.UtcNow));

        var journey = await Eventually.UntilAsync(() => OrdersJourneyAsync(unknownOrderId),
            j => j.Steps.Any(s => s.Step == "dead-lettered"), "the dead letter", TimeSpan.FromSeconds(60));
        var kinds = journey.Steps.Select(s => $"{s.Step}:{s.Kind}").ToList();
        var firstFailure = kinds.IndexOf("handling-failed:failure");
        var firstRetry = kinds.IndexOf("retrying:retry");
        Assert.True(firstFailure >= 0 && firstRetry > firstFailure, string.Join(", ", kinds));
        Assert.Equal("dead-lettered:failure", kinds[^1]);
        Assert.Contains("unknown order", Step(journey, "handling-failed").Detail);
        Assert.Contains(journey.Steps, s => s.Step == "retrying" && s.Detail == "attempt 2");
        Assert.All(journey.Steps, s => Assert.Equal("orders", s.Host));
    }

    [Fact]
    public async Task Retention_removes_steps_older_than_it()
    {
        var old = Guid.NewGuid();
        var recent = Guid.NewGuid();
        // Unpooled: an idle connection left in this process's pool would be terminated by the fault tests and
        // break the next test that draws it.
        await using (var connection = new NpgsqlConnection(SystemFixture.ConnectionString(SystemFixture.OrdersDatabase) + ";Pooling=false"))
        {
            await connection.OpenAsync();
            await using var insert = new NpgsqlCommand(
                """
                INSERT INTO orders.journey_steps (subject_id, step, kind, at, host, instance)
                VALUES ($1, 'order-placed', 'step', now() - interval '8 days', 'orders', 'test'),
                       ($2, 'order-placed', 'step', now() - interval '6 days', 'orders', 'test')
                """, connection) { Parameters = { new() { Value = old }, new() { Value = recent } } };
            Assert.Equal(2, await insert.ExecuteNonQueryAsync());
        }

        // The host's retention sweeper may delete the old step first (it runs every few seconds in the test hosts).
        await system.OrdersServices.GetRequiredService<IJournalStore>().PurgeExpiredAsync(CancellationToken.None);

        Assert.Empty((await OrdersJourneyAsync(old)).Steps);
        Assert.Single((await OrdersJourneyAsync(recent)).Steps);
    }

    [Theory]
    [InlineData("/api/orders/not-a-uuid/journey")]
    [InlineData("/api/payments/journey/not-a-uuid")]
    public async Task A_journey_for_an_id_that_is_not_a_uuid_is_a_400_problem(string path)
    {
        var client = path.StartsWith("/api/orders") ? system.Orders : system.Payments;
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static JourneyStepJson Step(JourneyJson journey, string step) => journey.Steps.First(s => s.Step == step);

    private async Task<JourneyJson> OrdersJourneyAsync(Guid orderId) =>
        (await system.Orders.GetFromJsonAsync<JourneyJson>($"/api/orders/{orderId}/journey", Api.Json))!;

    private async Task<JourneyJson> PaymentsJourneyAsync(Guid orderId) =>
        (await system.Payments.GetFromJsonAsync<JourneyJson>($"/api/payments/journey/{orderId}", Api.Json))!;

    /// <summary>Publishes a message as Wolverine's RabbitMQ transport would, with a message id of the test's choosing.</summary>
    private static async Task PublishRawAsync<T>(string queue, Guid messageId, T message)
    {
        var factory = new ConnectionFactory { Uri = new Uri(SystemFixture.RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            Type = typeof(T).FullName,
            ContentType = "application/json",
            Persistent = true,
        };
        await channel.BasicPublishAsync("", queue, mandatory: false, properties, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(message)));
    }
}

using System.Net;
using System.Text.Json;
using HsePayord.Modules.Orders.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Wolverine;
using Wolverine.Persistence.Durability.ScheduledMessageManagement;
using Wolverine.Runtime;
using Wolverine.Runtime.Serialization;

namespace HsePayord.IntegrationTests;

/// <summary>
/// The operations API (ServicePulse-style): failures made on purpose are found, explained, retried once, edited,
/// archived and restored; every action is audited.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class OperationsTests(SystemFixture system) : IAsyncLifetime
{
    private const string PaymentRequested = "HsePayord.Modules.Orders.Contracts.PaymentRequested";
    private const string PaymentRequestedType = PaymentRequested;
    private readonly Api _api = new(system);
    private readonly OpsClient _payments = OpsClient.Payments(system);

    public async Task InitializeAsync() => await ClearFaultsAsync();

    public async Task DisposeAsync() => await ClearFaultsAsync();

    [Fact]
    public async Task A_payment_request_failing_permanently_is_dead_lettered_grouped_explained_and_after_the_fault_is_cleared_retried_exactly_once()
    {
        var user = Api.NewUserId("ops");
        await _api.CreateAccountAsync(user, deposit: 30);
        await ArmAsync(PaymentRequested, 1, "Permanent");
        var order = await _api.CreateOrderAsync(user, 12);

        var letter = await _payments.WaitForDeadLetterOfOrderAsync(order.OrderId, PaymentRequested);
        var id = letter.GetProperty("id").GetGuid();
        Assert.Equal("payments.payment-requests", letter.GetProperty("queue").GetString());
        Assert.Contains("InjectedPermanentFaultException", letter.GetProperty("exceptionType").GetString());

        var groups = await _payments.GetAsync("/dead-letters/groups?by=FailureGroup");
        var group = groups.EnumerateArray().Single(g => g.GetProperty("key").GetString() == letter.GetProperty("failureGroup").GetString());
        Assert.True(group.GetProperty("count").GetInt32() >= 1);
        Assert.Contains("Injected permanent fault", group.GetProperty("sampleExceptionMessage").GetString());
        Assert.Contains((await _payments.GetAsync("/dead-letters/groups?by=MessageType")).EnumerateArray(),
            g => g.GetProperty("key").GetString() == PaymentRequested);
        Assert.Contains((await _payments.GetAsync("/dead-letters/groups?by=Endpoint")).EnumerateArray(),
            g => g.GetProperty("key").GetString()!.Contains("payments.payment-requests"));

        var details = await _payments.GetAsync($"/dead-letters/{id}");
        Assert.Contains("InjectedPermanentFaultException", details.GetProperty("exceptionType").GetString());
        Assert.Contains("Injected permanent fault", details.GetProperty("exceptionMessage").GetString());
        Assert.False(string.IsNullOrEmpty(details.GetProperty("stackTrace").GetString()), details.ToString());
        Assert.Equal("json", details.GetProperty("body").GetProperty("format").GetString());
        Assert.Contains(order.OrderId.ToString(), details.GetProperty("body").GetProperty("text").GetString());
        Assert.Equal(order.OrderId.ToString(), details.GetProperty("subject").GetProperty("id").GetString());
        Assert.Equal("order", details.GetProperty("subject").GetProperty("kind").GetString());
        Assert.True(details.GetProperty("attempts").GetInt32() >= 1);
        Assert.Equal(JsonValueKind.Object, details.GetProperty("headers").ValueKind);
        Assert.Equal("PaymentPending", (await _api.GetOrderAsync(order.OrderId)).Status);

        await ClearFaultsAsync();
        var run = await _payments.PostAsync("/retries", new { messageIds = new[] { id }, batchSize = 10 }, HttpStatusCode.Accepted);
        var done = await _payments.WaitForRunAsync(run.GetProperty("id").GetGuid());

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal(1, done.GetProperty("processed").GetInt32());
        Assert.Equal(0, done.GetProperty("failedAgain").GetInt32());
        Assert.Equal("Paid", (await _api.WaitUntilFinalAsync(order.OrderId)).Status);
        Assert.Equal(18, await _api.BalanceAsync(user));
        Assert.Null(await _payments.DeadLetterOfOrderAsync(order.OrderId, PaymentRequested));
        await AssertAuditedAsync(_payments, "retry", $"message {id}");
    }

    [Fact]
    public async Task Retrying_500_dead_letters_50_at_a_time_processes_each_once_with_at_most_50_in_flight_and_reports_one_that_fails_again()
    {
        const int users = 10, ordersPerUser = 50;
        var userIds = Enumerable.Range(0, users).Select(_ => Api.NewUserId("bulk")).ToList();
        foreach (var user in userIds)
        {
            await _api.CreateAccountAsync(user, deposit: 100);
        }

        await ArmAsync(PaymentRequested, users * ordersPerUser, "Permanent");
        var orders = new List<OrderJson>();
        foreach (var user in userIds)
        {
            for (var i = 0; i < ordersPerUser; i++)
            {
                orders.Add(await _api.CreateOrderAsync(user, 1));
            }
        }

        var orderIds = orders.Select(o => o.OrderId.ToString()).ToHashSet();
        var letterIds = await WaitForDeadLettersAsync(orderIds);

        // Cleared, then one new fault: the first message replayed fails again, the other 499 go through.
        await ClearFaultsAsync();
        await ArmAsync(PaymentRequested, 1, "Permanent");
        var started = await _payments.PostAsync("/retries", new { messageIds = letterIds, batchSize = 50, pauseMs = 100 }, HttpStatusCode.Accepted);
        Assert.Equal(500, started.GetProperty("total").GetInt32());
        var runId = started.GetProperty("id").GetGuid();

        var maxInFlight = 0;
        var done = await _payments.WaitForRunAsync(runId, TimeSpan.FromMinutes(4), run =>
        {
            maxInFlight = Math.Max(maxInFlight, run.GetProperty("inFlight").GetInt32());
            Assert.Equal(500, run.GetProperty("waiting").GetInt32() + run.GetProperty("inFlight").GetInt32()
                + run.GetProperty("processed").GetInt32() + run.GetProperty("failedAgain").GetInt32() + run.GetProperty("skipped").GetInt32());
        });

        Assert.Equal("Completed", done.GetProperty("status").GetString());
        Assert.Equal(499, done.GetProperty("processed").GetInt32());
        Assert.Equal(1, done.GetProperty("failedAgain").GetInt32());
        Assert.Equal(10, done.GetProperty("batches").GetInt32());
        Assert.InRange(maxInFlight, 1, 50);
        await AssertBatchesFollowedOneAnotherAsync(runId, batches: 10, batchSize: 50, pause: TimeSpan.FromMilliseconds(100));

        var failed = (await _payments.GetAsync($"/retries/{runId}?outcome=FailedAgain")).GetProperty("messages").GetProperty("items")[0];
        var failedId = failed.GetProperty("messageId").GetGuid();
        var back = await _payments.GetAsync($"/dead-letters/{failedId}");
        Assert.True(back.GetProperty("replayCount").GetInt32() >= 1, back.ToString());
        Assert.Contains("InjectedPermanentFaultException", back.GetProperty("exceptionType").GetString());

        var settled = new List<OrderJson>();
        foreach (var user in userIds)
        {
            settled.AddRange(await _api.ListOrdersAsync(user));
        }

        Assert.Equal(499, settled.Count(o => o.Status == "Paid"));
        Assert.Single(settled, o => o.Status == "PaymentPending");
        var balances = new List<decimal>();
        foreach (var user in userIds)
        {
            balances.Add(await _api.BalanceAsync(user));
        }

        Assert.Equal(users * 100 - 499, balances.Sum());
    }

    [Fact]
    public async Task A_transient_fault_is_retried_in_place_and_the_order_is_paid_with_no_operator_action()
    {
        var user = Api.NewUserId("transient");
        await _api.CreateAccountAsync(user, deposit: 10);
        await ArmAsync(PaymentRequested, 1, "Transient");
        var order = await _api.CreateOrderAsync(user, 4);

        Assert.Equal("Paid", (await _api.WaitUntilFinalAsync(order.OrderId, TimeSpan.FromSeconds(60))).Status);

        // The fault did happen: the armed fault claimed this order's payment request (and failed it
        // TransientFailuresPerMessage times before letting it through).
        var faults = await _payments.GetAsync("/faults");
        Assert.Contains(faults.GetProperty("armed").EnumerateArray(), fault =>
            fault.GetProperty("messageType").GetString()!.EndsWith("PaymentRequested", StringComparison.Ordinal)
            && fault.GetProperty("claimed").GetInt32() == 1);
        Assert.Equal(6, await _api.BalanceAsync(user));
        Assert.Null(await _payments.DeadLetterOfOrderAsync(order.OrderId, PaymentRequested));
    }

    [Fact]
    public async Task A_message_waiting_for_a_scheduled_retry_is_listed_under_pending_retries_with_its_next_attempt_time()
    {
        var due = DateTimeOffset.UtcNow.AddMinutes(10);
        var envelope = await StoreScheduledRetryAsync(due);
        try
        {
            var pending = await _payments.GetAsync("/pending-retries?pageSize=500");
            var item = pending.GetProperty("items").EnumerateArray().Single(p => p.GetProperty("id").GetGuid() == envelope.Id);
            Assert.Equal(PaymentRequestedType, item.GetProperty("messageType").GetString());
            Assert.Equal("payments.payment-requests", item.GetProperty("queue").GetString());
            Assert.InRange(item.GetProperty("nextAttemptAt").GetDateTimeOffset(), due.AddSeconds(-1), due.AddSeconds(1));
            Assert.True((await _payments.GetAsync("/overview")).GetProperty("pendingRetries").GetInt32() >= 1);
        }
        finally
        {
            await CancelScheduledRetryAsync(envelope.Id);
        }
    }

    [Fact]
    public async Task Edit_and_retry_refuses_a_body_that_is_not_the_message_type_and_processes_a_valid_edit_once_keeping_the_original()
    {
        var user = Api.NewUserId("edit");
        await _api.CreateAccountAsync(user, deposit: 20);
        await ArmAsync(PaymentRequested, 1, "Permanent");
        var order = await _api.CreateOrderAsync(user, 7);
        var id = (await _payments.WaitForDeadLetterOfOrderAsync(order.OrderId, PaymentRequested)).GetProperty("id").GetGuid();
        await ClearFaultsAsync();

        var original = JsonDocument.Parse((await _payments.GetAsync($"/dead-letters/{id}")).GetProperty("body").GetProperty("text").GetString()!).RootElement;
        foreach (var invalid in new object[]
                 {
                     new { orderId = order.OrderId, userId = user, requestedAt = DateTimeOffset.UtcNow },
                     new { orderId = order.OrderId, userId = user, amount = "seven", requestedAt = DateTimeOffset.UtcNow },
                     new { orderId = order.OrderId, userId = user, amount = 7, requestedAt = DateTimeOffset.UtcNow, bonus = 1 },
                 })
        {
            using var refused = await _payments.SendAsync(HttpMethod.Post, $"/dead-letters/{id}/edit-and-retry", new { body = invalid });
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            var problem = await OpsClient.ReadAsync(refused, HttpStatusCode.BadRequest);
            Assert.Contains("PaymentRequested", problem.GetProperty("errors").GetProperty("body")[0].GetString());
        }

        var edited = new
        {
            orderId = order.OrderId,
            userId = user,
            amount = 7,
            requestedAt = original.GetProperty("requestedAt").GetDateTimeOffset().AddSeconds(1),
        };
        var run = await _payments.PostAsync($"/dead-letters/{id}/edit-and-retry", new { body = edited }, HttpStatusCode.Accepted);
        var done = await _payments.WaitForRunAsync(run.GetProperty("id").GetGuid());

        Assert.Equal(1, done.GetProperty("processed").GetInt32());
        Assert.Equal("Paid", (await _api.WaitUntilFinalAsync(order.OrderId)).Status);
        Assert.Equal(13, await _api.BalanceAsync(user));
        await AssertAuditedAsync(_payments, "edit-and-retry", $"message {id}");
        await using var connection = new NpgsqlConnection(SystemFixture.ConnectionString(SystemFixture.PaymentsDatabase));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            "SELECT convert_from(original_body, 'UTF8') FROM operations.message_edits WHERE message_id = $1", connection)
        {
            Parameters = { new() { Value = id } },
        };
        Assert.Contains(original.GetProperty("requestedAt").GetString()!, (string)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task Archived_messages_leave_the_list_come_back_when_restored_expire_after_the_retention_and_every_action_is_audited()
    {
        var user = Api.NewUserId("archive");
        await _api.CreateAccountAsync(user, deposit: 20);
        await ArmAsync(PaymentRequested, 1, "Permanent");
        var order = await _api.CreateOrderAsync(user, 3);
        var id = (await _payments.WaitForDeadLetterOfOrderAsync(order.OrderId, PaymentRequested)).GetProperty("id").GetGuid();

        var archived = await _payments.PostAsync("/dead-letters/archive", new { messageIds = new[] { id } });
        Assert.Equal(1, archived.GetProperty("affected").GetInt32());
        Assert.Null(await _payments.DeadLetterOfOrderAsync(order.OrderId, PaymentRequested));
        Assert.NotNull(await _payments.DeadLetterOfOrderAsync(order.OrderId, PaymentRequested, archived: true));

        var restored = await _payments.PostAsync("/dead-letters/restore", new { messageIds = new[] { id } });
        Assert.Equal(1, restored.GetProperty("affected").GetInt32());
        Assert.NotNull(await _payments.DeadLetterOfOrderAsync(order.OrderId, PaymentRequested));

        await _payments.PostAsync("/dead-letters/archive", new { messageIds = new[] { id } });
        var deadline = DateTime.UtcNow + SystemFixture.ArchivedRetention + TimeSpan.FromMinutes(2);
        while (true)
        {
            using var response = await _payments.SendAsync(HttpMethod.Get, $"/dead-letters/{id}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Archived dead letter {id} did not expire");
            await Task.Delay(1000);
        }

        await AssertAuditedAsync(_payments, "archive", $"message {id}");
        await AssertAuditedAsync(_payments, "restore", $"message {id}");
        await AssertAuditedAsync(_payments, "inject-fault", PaymentRequested);
    }

    [Fact]
    public async Task Anonymous_and_wrong_credentials_get_401_a_viewer_gets_403_on_actions_and_the_shop_api_is_unaffected()
    {
        using (var anonymous = await system.Payments.GetAsync("/api/payments/ops/overview"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
            Assert.Contains("Basic", anonymous.Headers.WwwAuthenticate.ToString());
        }

        var wrong = new OpsClient(system.Orders, "/api/orders/ops", user: SystemFixture.OperatorUser, password: "not-the-password");
        using (var response = await wrong.SendAsync(HttpMethod.Get, "/overview"))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        var viewer = new OpsClient(system.Orders, "/api/orders/ops", user: SystemFixture.ViewerUser, password: SystemFixture.ViewerPassword);
        Assert.Equal("viewer", (await viewer.GetAsync("/me")).GetProperty("role").GetString());
        Assert.True((await viewer.GetAsync("/overview")).GetProperty("deadLetters").GetInt32() >= 0);
        foreach (var (method, path, body) in new (HttpMethod, string, object?)[]
                 {
                     (HttpMethod.Post, "/retries", new { all = true }),
                     (HttpMethod.Post, "/dead-letters/archive", new { all = true }),
                     (HttpMethod.Post, "/faults", new { messageType = "PaymentSucceeded", count = 1 }),
                 })
        {
            using var forbidden = await viewer.SendAsync(method, path, body);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        }

        var user = Api.NewUserId("shop");
        await _api.CreateAccountAsync(user, deposit: 5);
        Assert.Equal("Paid", (await _api.WaitUntilFinalAsync((await _api.CreateOrderAsync(user, 5)).OrderId)).Status);
    }

    [Fact]
    public async Task Bad_input_to_the_operations_api_is_a_problem()
    {
        foreach (var (method, path, body, status) in new (HttpMethod, string, object?, HttpStatusCode)[]
                 {
                     (HttpMethod.Post, "/retries", new { }, HttpStatusCode.BadRequest),
                     (HttpMethod.Post, "/retries", new { all = true, batchSize = 0 }, HttpStatusCode.BadRequest),
                     (HttpMethod.Post, "/retries", new { messageIds = Array.Empty<Guid>() }, HttpStatusCode.BadRequest),
                     (HttpMethod.Post, "/retries", new { messageIds = new[] { Guid.NewGuid() } }, HttpStatusCode.NotFound),
                     (HttpMethod.Get, "/dead-letters?pageSize=100000", null, HttpStatusCode.BadRequest),
                     (HttpMethod.Get, "/dead-letters/groups?by=Nonsense", null, HttpStatusCode.BadRequest),
                     (HttpMethod.Get, $"/dead-letters/{Guid.NewGuid()}", null, HttpStatusCode.NotFound),
                     (HttpMethod.Get, $"/retries/{Guid.NewGuid()}", null, HttpStatusCode.NotFound),
                     (HttpMethod.Post, "/faults", new { messageType = "Nope", count = 1 }, HttpStatusCode.BadRequest),
                     (HttpMethod.Post, "/listeners/pause", new { queue = "nope" }, HttpStatusCode.NotFound),
                 })
        {
            using var response = await _payments.SendAsync(method, path, body);
            Assert.True(response.StatusCode == status, $"{method} {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task The_overview_counts_what_the_store_holds_and_pending_retries_list_scheduled_ones()
    {
        // Something of each kind the overview counts: two dead letters, one of them archived, and a scheduled retry.
        var user = Api.NewUserId("overview");
        await _api.CreateAccountAsync(user, deposit: 10);
        await ArmAsync(PaymentRequested, 2, "Permanent");
        var (kept, archived) = (await _api.CreateOrderAsync(user, 1), await _api.CreateOrderAsync(user, 1));
        var keptId = (await _payments.WaitForDeadLetterOfOrderAsync(kept.OrderId, PaymentRequested)).GetProperty("id").GetGuid();
        var archivedId = (await _payments.WaitForDeadLetterOfOrderAsync(archived.OrderId, PaymentRequested)).GetProperty("id").GetGuid();
        Assert.Equal(1, (await _payments.PostAsync("/dead-letters/archive", new { messageIds = new[] { archivedId } })).GetProperty("affected").GetInt32());
        var scheduled = await StoreScheduledRetryAsync(DateTimeOffset.UtcNow.AddMinutes(10));
        try
        {
            // The store is read just before and just after the overview; when nothing moved in between, the overview
            // must have seen exactly what the store held.
            var read = await Eventually.UntilAsync(
                async () =>
                {
                    var before = await PaymentsStoreCountsAsync();
                    var answer = await _payments.GetAsync("/overview");
                    return (Overview: answer, Store: before, After: await PaymentsStoreCountsAsync());
                },
                read => read.Store == read.After,
                "the Payments store to hold still while the overview is read",
                describe: read => $"{read.Store} then {read.After}");
            var (overview, store) = (read.Overview, read.Store);

            Assert.Equal("payments", overview.GetProperty("service").GetString());
            Assert.True(overview.GetProperty("faultInjection").GetBoolean());
            Assert.Equal(store.DeadLetters, overview.GetProperty("deadLetters").GetInt32());
            Assert.Equal(store.Archived, overview.GetProperty("archived").GetInt32());
            Assert.Equal(store.Scheduled, overview.GetProperty("pendingRetries").GetInt32());
            Assert.Equal(store.Incoming, overview.GetProperty("incoming").GetInt32());
            Assert.Equal(store.Outgoing, overview.GetProperty("outgoing").GetInt32());
            Assert.Equal(store.Handled, overview.GetProperty("handled").GetInt32());
            // What the test put in the store is where the counts say it is (they are not all zero by accident).
            Assert.Equal(("live", "archived", "scheduled"),
                (await StoreStateOfAsync(keptId), await StoreStateOfAsync(archivedId), await StoreStateOfAsync(scheduled.Id)));

            var pending = await _payments.GetAsync("/pending-retries?pageSize=500");
            Assert.Equal(store.Scheduled, pending.GetProperty("totalCount").GetInt64());
            Assert.Contains(pending.GetProperty("items").EnumerateArray(), p => p.GetProperty("id").GetGuid() == scheduled.Id);
        }
        finally
        {
            await CancelScheduledRetryAsync(scheduled.Id);
        }
    }

    [Theory]
    [InlineData("orders")]
    [InlineData("payments")]
    public async Task The_openapi_document_describes_the_operations_routes_and_their_basic_credentials(string service)
    {
        var host = service == "orders" ? system.Orders : system.Payments;
        using var document = JsonDocument.Parse(await host.GetStringAsync("/openapi/v1.json"));
        var root = document.RootElement;

        Assert.Equal("basic", root.GetProperty("components").GetProperty("securitySchemes").GetProperty("OperatorBasic").GetProperty("scheme").GetString());
        var paths = root.GetProperty("paths");
        foreach (var (path, method) in new[]
                 {
                     ("/overview", "get"), ("/dead-letters", "get"), ("/dead-letters/groups", "get"), ("/dead-letters/{id}", "get"),
                     ("/dead-letters/{id}/edit-and-retry", "post"), ("/dead-letters/archive", "post"), ("/dead-letters/restore", "post"),
                     ("/retries", "post"), ("/retries/{id}", "get"), ("/pending-retries", "get"), ("/audit", "get"), ("/faults", "post"),
                 })
        {
            var operation = paths.GetProperty($"/api/{service}/ops{path}").GetProperty(method);
            Assert.True(operation.GetProperty("security")[0].TryGetProperty("OperatorBasic", out _), $"{method} {path}");
            Assert.True(operation.GetProperty("responses").TryGetProperty("401", out _), $"{method} {path}: 401");
        }

        var shop = paths.GetProperty($"/api/{service}" + (service == "orders" ? "" : "/accounts")).GetProperty("post");
        Assert.True(!shop.TryGetProperty("security", out var security) || security.GetArrayLength() == 0, "the shop API takes no credentials");
    }

    private async Task<Guid[]> WaitForDeadLettersAsync(HashSet<string> orderIds)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (true)
        {
            var found = new Dictionary<string, Guid>();
            for (var page = 1; ; page++)
            {
                var items = (await _payments.GetAsync($"/dead-letters?messageType={PaymentRequested}&page={page}&pageSize=500")).GetProperty("items");
                foreach (var item in items.EnumerateArray())
                {
                    if (item.GetProperty("subject").GetProperty("id").GetString() is { } orderId && orderIds.Contains(orderId))
                    {
                        found[orderId] = item.GetProperty("id").GetGuid();
                    }
                }

                if (items.GetArrayLength() < 500)
                {
                    break;
                }
            }

            if (found.Count == orderIds.Count)
            {
                return found.Values.ToArray();
            }

            Assert.True(DateTime.UtcNow < deadline, $"{found.Count} of {orderIds.Count} dead letters");
            await Task.Delay(500);
        }
    }

    /// <summary>
    /// Every message of the run was replayed, in batches 1 to <paramref name="batches"/> of <paramref name="batchSize"/>,
    /// and each batch only once every message of the previous one had settled (its last update) and the pause had passed.
    /// </summary>
    private static async Task AssertBatchesFollowedOneAnotherAsync(Guid runId, int batches, int batchSize, TimeSpan pause)
    {
        await using var connection = await SystemFixture.OpenTestConnectionAsync(SystemFixture.PaymentsDatabase);
        await using var command = new NpgsqlCommand(
            """
            SELECT batch, count(*), count(replayed_at), min(replayed_at), max(updated_at)
            FROM operations.retry_run_messages WHERE run_id = $1
            GROUP BY batch ORDER BY batch NULLS FIRST
            """, connection) { Parameters = { new() { Value = runId } } };
        var rows = new List<(int? Batch, long Messages, long Replayed, DateTimeOffset? FirstReplayed, DateTimeOffset LastSettled)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                rows.Add((reader.IsDBNull(0) ? null : reader.GetInt32(0), reader.GetInt64(1), reader.GetInt64(2),
                    reader.IsDBNull(3) ? null : reader.GetFieldValue<DateTimeOffset>(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }

        Assert.Equal(Enumerable.Range(1, batches).Cast<int?>(), rows.Select(r => r.Batch));
        Assert.All(rows, r => Assert.Equal((batchSize, batchSize), (r.Messages, r.Replayed)));
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.True(rows[i].FirstReplayed >= rows[i - 1].LastSettled + pause,
                $"batch {rows[i].Batch} was replayed at {rows[i].FirstReplayed:O}, before batch {rows[i - 1].Batch} settled " +
                $"at {rows[i - 1].LastSettled:O} and the pause of {pause.TotalMilliseconds} ms passed");
        }
    }

    private sealed record StoreCounts(int DeadLetters, int Archived, int Scheduled, int Incoming, int Outgoing, int Handled);

    /// <summary>What the Payments host's envelope tables hold, read in one statement (one snapshot).</summary>
    private static async Task<StoreCounts> PaymentsStoreCountsAsync()
    {
        await using var connection = await SystemFixture.OpenTestConnectionAsync(SystemFixture.PaymentsDatabase);
        await using var command = new NpgsqlCommand(
            """
            SELECT (SELECT count(*) FROM wolverine.wolverine_dead_letters WHERE archived_at IS NULL),
                   (SELECT count(*) FROM wolverine.wolverine_dead_letters WHERE archived_at IS NOT NULL),
                   (SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE status = 'Scheduled'),
                   (SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE status = 'Incoming'),
                   (SELECT count(*) FROM wolverine.wolverine_outgoing_envelopes),
                   (SELECT count(*) FROM wolverine.wolverine_incoming_envelopes WHERE status = 'Handled')
            """, connection);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return new StoreCounts((int)reader.GetInt64(0), (int)reader.GetInt64(1), (int)reader.GetInt64(2),
            (int)reader.GetInt64(3), (int)reader.GetInt64(4), (int)reader.GetInt64(5));
    }

    /// <summary>Where a message is in the Payments store: a live or archived dead letter, a scheduled retry, or neither.</summary>
    private static async Task<string> StoreStateOfAsync(Guid messageId)
    {
        await using var connection = await SystemFixture.OpenTestConnectionAsync(SystemFixture.PaymentsDatabase);
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(
                (SELECT CASE WHEN archived_at IS NULL THEN 'live' ELSE 'archived' END FROM wolverine.wolverine_dead_letters WHERE id = $1),
                (SELECT lower(status) FROM wolverine.wolverine_incoming_envelopes WHERE id = $1),
                'absent')
            """, connection) { Parameters = { new() { Value = messageId } } };
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>What a scheduled retry leaves in the Payments host's durable inbox (as Wolverine's ScheduleRetry does).</summary>
    private async Task<Envelope> StoreScheduledRetryAsync(DateTimeOffset due)
    {
        var message = new PaymentRequested(Guid.NewGuid(), Api.NewUserId("scheduled"), 1, DateTimeOffset.UtcNow);
        var envelope = new Envelope(message)
        {
            Id = Guid.NewGuid(),
            Destination = new Uri("rabbitmq://queue/payments.payment-requests"),
            MessageType = PaymentRequestedType,
            ContentType = "application/json",
            Data = JsonSerializer.SerializeToUtf8Bytes(message, SystemTextJsonSerializer.DefaultOptions()),
            Status = EnvelopeStatus.Scheduled,
            ScheduledTime = due,
            OwnerId = 0,
            Attempts = 4,
        };
        await system.PaymentsServices.GetRequiredService<IWolverineRuntime>().Storage.Inbox.StoreIncomingAsync(envelope);
        return envelope;
    }

    private async Task CancelScheduledRetryAsync(Guid id) =>
        await system.PaymentsServices.GetRequiredService<IWolverineRuntime>().Storage.ScheduledMessages.CancelAsync(
            new ScheduledMessageQuery { MessageIds = [id] }, CancellationToken.None);

    private async Task ArmAsync(string messageType, int count, string kind) =>
        await _payments.PostAsync("/faults", new { messageType, count, kind }, HttpStatusCode.Created);

    private async Task ClearFaultsAsync()
    {
        using var response = await _payments.SendAsync(HttpMethod.Delete, "/faults");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task AssertAuditedAsync(OpsClient ops, string action, string target)
    {
        var audit = await ops.GetAsync("/audit?pageSize=500");
        Assert.Contains(audit.GetProperty("items").EnumerateArray(), entry =>
            entry.GetProperty("action").GetString() == action
            && entry.GetProperty("target").GetString()!.Contains(target, StringComparison.Ordinal)
            && entry.GetProperty("actor").GetString() == SystemFixture.OperatorUser);
    }
}

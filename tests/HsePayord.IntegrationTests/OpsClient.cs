using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace HsePayord.IntegrationTests;

/// <summary>The operations API of one host, as an operator's client sees it: JSON over HTTP with Basic credentials.</summary>
public sealed class OpsClient(
    HttpClient host, string prefix, string? database = null, string user = SystemFixture.OperatorUser, string password = SystemFixture.OperatorPassword)
{
    public string Prefix { get; } = prefix;

    public static OpsClient Orders(SystemFixture system) => new(system.Orders, "/api/orders/ops", SystemFixture.OrdersDatabase);

    public static OpsClient Payments(SystemFixture system) => new(system.Payments, "/api/payments/ops", SystemFixture.PaymentsDatabase);

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, Prefix + path);
        request.Headers.Authorization = Basic(user, password);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, options: Api.Json);
        }

        return await host.SendAsync(request);
    }

    public async Task<JsonElement> GetAsync(string path) => await ReadAsync(await SendAsync(HttpMethod.Get, path), HttpStatusCode.OK);

    public async Task<JsonElement> PostAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.OK) =>
        await ReadAsync(await SendAsync(HttpMethod.Post, path, body), expected);

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode} {response.ReasonPhrase}: {text}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }

    /// <summary>Live (not archived) dead letters of a message type whose subject is the given order.</summary>
    public async Task<JsonElement?> DeadLetterOfOrderAsync(Guid orderId, string messageType, bool archived = false)
    {
        var page = await GetAsync($"/dead-letters?messageType={messageType}&archived={archived}&pageSize=500");
        foreach (var item in page.GetProperty("items").EnumerateArray())
        {
            if (item.GetProperty("subject") is { ValueKind: JsonValueKind.Object } subject && subject.GetProperty("id").GetString() == orderId.ToString())
            {
                return item;
            }
        }

        return null;
    }

    public async Task<JsonElement> WaitForDeadLetterOfOrderAsync(Guid orderId, string messageType, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            if (await DeadLetterOfOrderAsync(orderId, messageType) is { } letter)
            {
                return letter;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No dead letter of {messageType} for order {orderId}");
            await Task.Delay(200);
        }
    }

    public async Task<JsonElement> WaitForRunAsync(Guid runId, TimeSpan? timeout = null, Action<JsonElement>? eachPoll = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (true)
        {
            var run = (await GetAsync($"/retries/{runId}?pageSize=1")).GetProperty("run");
            eachPoll?.Invoke(run);
            if (run.GetProperty("status").GetString() != "Running")
            {
                return run;
            }

            if (DateTime.UtcNow >= deadline)
            {
                Assert.Fail($"Retry run {runId} still running: {run}; its messages in flight: {await InFlightStateAsync(runId)}");
            }

            await Task.Delay(100);
        }
    }

    /// <summary>Where a run's in-flight messages are in Wolverine's store: what a timed-out run leaves to explain.</summary>
    private async Task<string> InFlightStateAsync(Guid runId)
    {
        if (database is null)
        {
            return "(no database)";
        }

        await using var connection = new Npgsql.NpgsqlConnection(SystemFixture.ConnectionString(database) + ";Pooling=false");
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            """
            SELECT coalesce(i.status, 'no inbox row') AS inbox, i.owner_id, i.attempts, d.id IS NOT NULL AS dead_letter, d.replayable, count(*)
            FROM operations.retry_run_messages m
            LEFT JOIN wolverine.wolverine_incoming_envelopes i ON i.id = m.message_id
            LEFT JOIN wolverine.wolverine_dead_letters d ON d.id = m.message_id
            WHERE m.run_id = $1 AND m.outcome = 'InFlight'
            GROUP BY 1, 2, 3, 4, 5
            """, connection);
        command.Parameters.Add(new() { Value = runId });
        await using var reader = await command.ExecuteReaderAsync();
        var groups = new List<string>();
        while (await reader.ReadAsync())
        {
            groups.Add($"{reader.GetInt64(5)} × inbox {reader.GetString(0)} (owner {reader.GetValue(1)}, attempts {reader.GetValue(2)}), "
                       + $"dead letter {reader.GetBoolean(3)} (replayable {reader.GetValue(4)})");
        }

        return groups.Count == 0 ? "none" : string.Join("; ", groups);
    }
}

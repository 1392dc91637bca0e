using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace HsePayord.IntegrationTests;

/// <summary>
/// RabbitMQ's management HTTP API for the tests' vhost (<see cref="SystemFixture.RabbitMqVhost"/>): what the broker
/// itself says is in a queue, and the broker's side of a connection, which it can close as a restart would.
/// </summary>
public static class RabbitMqManagement
{
    private static readonly Uri AmqpUri = new(SystemFixture.RabbitMqUri);

    private static readonly HttpClient Client = new()
    {
        BaseAddress = new Uri(Environment.GetEnvironmentVariable("PAYORD_TEST_RABBITMQ_MANAGEMENT") ?? $"http://{AmqpUri.Host}:15672/api/"),
        DefaultRequestHeaders =
        {
            Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(
                Uri.UnescapeDataString(AmqpUri.UserInfo is { Length: > 0 } userInfo ? userInfo : "guest:guest")))),
        },
    };

    private static string Vhost => Uri.EscapeDataString(SystemFixture.RabbitMqVhost);

    /// <summary>
    /// The bodies of the messages ready in <paramref name="queue"/>, read and put back (the broker marks them
    /// redelivered, nothing else changes). Only for a queue nobody consumes at the moment.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PeekAsync(string queue, int count = 100)
    {
        using var response = await Client.PostAsJsonAsync($"queues/{Vhost}/{Uri.EscapeDataString(queue)}/get",
            new { count, ackmode = "ack_requeue_true", encoding = "auto", truncate = 50_000 });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"peeking into {queue}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.EnumerateArray().Select(m => m.GetProperty("payload").GetString()!).ToList();
    }

    /// <summary>
    /// Closes, from the broker's side, the client connection whose local port is <paramref name="clientPort"/>:
    /// the client sees what a broker restart shows it (CONNECTION_FORCED) and recovers as it would then.
    /// </summary>
    public static async Task CloseConnectionAsync(int clientPort, string reason)
    {
        var name = await Eventually.UntilAsync(
            async () =>
            {
                var connections = await Client.GetFromJsonAsync<JsonElement>($"vhosts/{Vhost}/connections");
                return connections.EnumerateArray()
                    .Where(c => c.TryGetProperty("peer_port", out var port) && port.GetInt32() == clientPort)
                    .Select(c => c.GetProperty("name").GetString())
                    .FirstOrDefault();
            },
            name => name is not null,
            $"the broker to list the connection from client port {clientPort}");
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"connections/{Uri.EscapeDataString(name!)}");
        request.Headers.Add("X-Reason", reason);
        using var response = await Client.SendAsync(request);
        Assert.True(response.IsSuccessStatusCode, $"closing {name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}

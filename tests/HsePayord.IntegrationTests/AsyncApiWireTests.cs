using System.Text;
using System.Text.Json.Nodes;
using RabbitMQ.Client;

namespace HsePayord.IntegrationTests;

/// <summary>
/// docs/asyncapi.json matches what really crosses RabbitMQ: a queue of this test's own, bound to the fanout exchange
/// like a replica's, receives the OrderStatusChanged of a new order, and its AMQP type, properties, headers and
/// payload fields are the ones the document names. (The unit test AsyncApiDocumentTests proves the document is what
/// the code declares; this proves the code's declaration is what the broker carries.)
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class AsyncApiWireTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Fact]
    public async Task An_OrderStatusChanged_on_the_wire_is_the_message_the_AsyncAPI_document_describes()
    {
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "asyncapi.json")))!;
        var exchange = document["channels"]!["orderStatus"]!["address"]!.GetValue<string>();
        var described = document["components"]!["messages"]!["OrderStatusChanged"]!;

        var factory = new ConnectionFactory { Uri = new Uri(SystemFixture.RabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, exchange, routingKey: "");

        var order = await _api.CreateOrderAsync(Api.NewUserId(), 3);
        var (properties, body) = await ReceiveAsync(channel, queue, order.OrderId);

        Assert.Equal(described["name"]!.GetValue<string>(), properties.Type);
        Assert.Equal(described["bindings"]!["amqp"]!["messageType"]!.GetValue<string>(), properties.Type);
        Assert.Equal(described["contentType"]!.GetValue<string>(), properties.ContentType);
        Assert.True(Guid.TryParse(properties.MessageId, out _), "message_id is a UUID");
        Assert.False(string.IsNullOrEmpty(properties.CorrelationId), "correlation_id");

        var headers = described["headers"]!;
        var amqpProperties = new HashSet<string> { "message_id", "correlation_id", "type", "content_type" };
        var sentHeaders = properties.Headers!.Keys.ToHashSet();
        foreach (var required in headers["required"]!.AsArray().Select(h => h!.GetValue<string>()).Where(h => !amqpProperties.Contains(h)))
        {
            Assert.Contains(required, sentHeaders);
        }

        var documentedHeaders = headers["properties"]!.AsObject().Select(p => p.Key).ToHashSet();
        var undocumented = sentHeaders.Where(h => !documentedHeaders.Contains(h) && !h.StartsWith("x-", StringComparison.Ordinal)).ToList();
        Assert.True(undocumented.Count == 0, "headers the document does not name: " + string.Join(", ", undocumented));

        var payload = described["payload"]!;
        Assert.Equal(
            payload["properties"]!.AsObject().Select(p => p.Key).Order(),
            body.AsObject().Select(p => p.Key).Order());
        Assert.Contains(body["status"]!.GetValue<string>(), payload["properties"]!["status"]!["enum"]!.AsArray().Select(v => v!.GetValue<string>()));
    }

    private static async Task<(IReadOnlyBasicProperties Properties, JsonNode Body)> ReceiveAsync(IChannel channel, string queue, Guid orderId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            var result = await channel.BasicGetAsync(queue, autoAck: true);
            if (result is null)
            {
                await Task.Delay(50);
                continue;
            }

            var body = JsonNode.Parse(Encoding.UTF8.GetString(result.Body.Span))!;
            if (body["orderId"]?.GetValue<Guid>() == orderId)
            {
                return (result.BasicProperties, body);
            }
        }

        throw new TimeoutException($"No OrderStatusChanged for {orderId} on the fanout exchange");
    }

    private static string RepositoryRoot()
    {
        var repository = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(repository.FullName, "HsePayord.sln")))
        {
            repository = repository.Parent ?? throw new InvalidOperationException("Repository root not found");
        }

        return repository.FullName;
    }
}

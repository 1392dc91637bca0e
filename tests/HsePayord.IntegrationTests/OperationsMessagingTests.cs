using System.Net;
using System.Text;
using HsePayord.Modules.Orders.Contracts;
using RabbitMQ.Client;

namespace HsePayord.IntegrationTests;

/// <summary>Nothing vanishes: unreadable and unknown messages are dead letters like any other; listeners can be paused.</summary>
[Collection(SystemCollection.Name)]
public sealed class OperationsMessagingTests(SystemFixture system)
{
    private readonly Api _api = new(system);

    [Theory]
    [InlineData("payments", "payments.payment-requests")]
    [InlineData("orders", "orders.payment-results")]
    public async Task A_message_of_a_type_no_handler_knows_is_kept_as_a_dead_letter(string service, string queue)
    {
        var ops = service == "orders" ? OpsClient.Orders(system) : OpsClient.Payments(system);
        var id = Guid.NewGuid();
        const string type = "Somebody.Elses.Contracts.RefundRequested";
        await PublishRawAsync(queue, id, type, """{"orderId":"00000000-0000-0000-0000-000000000001","amount":5}""");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await ops.SendAsync(HttpMethod.Get, $"/dead-letters/{id}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var letter = await OpsClient.ReadAsync(response, HttpStatusCode.OK);
                Assert.Equal(type, letter.GetProperty("messageType").GetString());
                Assert.False(letter.GetProperty("messageTypeKnown").GetBoolean());
                Assert.Equal(queue, letter.GetProperty("queue").GetString());
                Assert.Contains("refund", letter.GetProperty("body").GetProperty("text").GetString(), StringComparison.OrdinalIgnoreCase);
                Assert.False(string.IsNullOrEmpty(letter.GetProperty("exceptionType").GetString()));
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Message {id} of unknown type was not dead-lettered in {service}");
            await Task.Delay(200);
        }

        var groups = await ops.GetAsync("/dead-letters/groups?by=MessageType");
        Assert.Contains(groups.EnumerateArray(), g => g.GetProperty("key").GetString() == type);
    }

    [Fact]
    public async Task A_paused_listener_leaves_payment_requests_in_the_queue_until_it_is_resumed()
    {
        const string queue = "payments.payment-requests";
        var ops = OpsClient.Payments(system);
        var user = Api.NewUserId("pause");
        await _api.CreateAccountAsync(user, deposit: 10);

        var paused = await ops.PostAsync("/listeners/pause", new { queue });
        try
        {
            Assert.NotEqual("Accepting", paused.GetProperty("status").GetString());
            var order = await _api.CreateOrderAsync(user, 4);

            // The request left the Orders outbox and waits in the queue, where the broker shows it…
            await Eventually.UntilAsync(
                () => RabbitMqManagement.PeekAsync(queue),
                ready => ready.Any(body => body.Contains(order.OrderId.ToString(), StringComparison.Ordinal)),
                $"the payment request of order {order.OrderId} to wait in {queue}",
                describe: ready => $"{ready.Count} messages ready, none about the order");
            // …and nothing took it from there: Payments has not handled it, the order is still pending.
            Assert.Equal(0, await Inbox.HandledCountAsync<PaymentRequested>(SystemFixture.PaymentsDatabase, order.OrderId));
            Assert.Equal("PaymentPending", (await _api.GetOrderAsync(order.OrderId)).Status);

            var resumed = await ops.PostAsync("/listeners/resume", new { queue });
            Assert.Equal("Accepting", resumed.GetProperty("status").GetString());
            Assert.Equal("Paid", (await _api.WaitUntilFinalAsync(order.OrderId)).Status);
            Assert.Equal(1, await Inbox.HandledCountAsync<PaymentRequested>(SystemFixture.PaymentsDatabase, order.OrderId));
        }
        finally
        {
            await ops.PostAsync("/listeners/resume", new { queue });
        }

        var state = await ops.GetAsync("/faults");
        Assert.Contains(state.GetProperty("listeners").EnumerateArray(),
            l => l.GetProperty("queue").GetString() == queue && l.GetProperty("status").GetString() == "Accepting");
    }

    private static async Task PublishRawAsync(string queue, Guid id, string messageType, string json)
    {
        var factory = new ConnectionFactory { Uri = new Uri(SystemFixture.RabbitMqUri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var properties = new BasicProperties
        {
            MessageId = id.ToString(),
            Type = messageType,
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
        };
        await channel.BasicPublishAsync("", queue, mandatory: true, properties, Encoding.UTF8.GetBytes(json.Replace("amount", "refundAmount", StringComparison.Ordinal)));
    }
}

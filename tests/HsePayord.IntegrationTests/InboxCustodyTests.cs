using System.Collections;
using System.Reflection;
using HsePayord.Modules.Orders.Contracts;
using HsePayord.Modules.Payments.Contracts;
using Microsoft.Extensions.DependencyInjection;
using Wolverine;
using Wolverine.Runtime;

namespace HsePayord.IntegrationTests;

/// <summary>
/// A host lets go of the messages it has handled. Wolverine 6.62 keeps each member of a batch in the custody of the
/// durable listener it arrived on until the custody is pruned, and only its InboxStaleTime heartbeat prunes; without
/// that setting every message a host ever received stayed in its memory (MessagingDefaults). Custody is Wolverine's
/// internal state, so the test reads it by reflection, and fails loudly if those internals are renamed.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class InboxCustodyTests(SystemFixture system)
{
    // The heartbeat prunes every third of Messaging:InboxStaleTime (30 s by default): within 10 s, and then some.
    private static readonly TimeSpan PruneTimeout = TimeSpan.FromSeconds(25);

    private const int Orders = 12;

    private readonly Api _api = new(system);

    [Fact]
    public async Task Once_its_orders_are_final_neither_host_still_holds_their_messages_in_memory()
    {
        var user = Api.NewUserId("custody");
        await _api.CreateAccountAsync(user, deposit: 100);
        var placed = new List<Guid>();
        for (var i = 0; i < Orders; i++)
        {
            placed.Add((await _api.CreateOrderAsync(user, 1)).OrderId);
        }

        // Every payment request and every outcome was handled: the orders are final.
        var final = await _api.WaitUntilAllFinalAsync(user, Orders);
        Assert.All(final, order => Assert.Equal("Paid", order.Status));

        var orderIds = placed.ToHashSet();
        await Eventually.UntilAsync(
            () => Task.FromResult(new[] { system.PaymentsServices, system.OrdersServices, system.OrdersReplicaServices }
                .Sum(host => HeldMessagesOf(host, orderIds))),
            held => held == 0,
            $"the hosts to let go of the {Orders} orders' payment requests and outcomes", PruneTimeout,
            held => $"{held} of their messages still held");
    }

    /// <summary>How many envelopes about <paramref name="orderIds"/> the host's durable listeners hold in custody.</summary>
    private static int HeldMessagesOf(IServiceProvider host, HashSet<Guid> orderIds)
    {
        var runtime = host.GetRequiredService<IWolverineRuntime>();
        var held = 0;
        foreach (var agent in runtime.Endpoints.ActiveListeners())
        {
            var receiver = PrivateField(agent, "_receiver");
            if (receiver is null || receiver.GetType().Name != "DurableReceiver")
            {
                continue;
            }

            var custody = PrivateField(receiver, "_custody")!;
            var envelopes = (IDictionary)PrivateField(custody, "_held")!;
            lock (PrivateField(custody, "_gate")!)
            {
                held += envelopes.Keys.Cast<Envelope>().Count(envelope => OrderIdOf(envelope.Message) is { } id && orderIds.Contains(id));
            }
        }

        return held;
    }

    private static Guid? OrderIdOf(object? message) => message switch
    {
        PaymentRequested request => request.OrderId,
        PaymentSucceeded succeeded => succeeded.OrderId,
        PaymentFailed failed => failed.OrderId,
        _ => null,
    };

    private static object? PrivateField(object owner, string name)
    {
        var field = owner.GetType().GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{owner.GetType().Name} has no field {name}: Wolverine's internals changed.");
        return field.GetValue(owner);
    }
}

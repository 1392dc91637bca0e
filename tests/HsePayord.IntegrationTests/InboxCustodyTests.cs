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
        IServiceProvider[] hosts = [system.PaymentsServices, system.OrdersServices, system.OrdersReplicaServices];

        // The custody is read while the orders go through, so the test knows it reads where the messages are held:
        // a custody that never held them would make "none held" below a foregone conclusion.
        using var placing = new CancellationTokenSource();
        var mostHeldWhileSettling = WatchMostHeldAsync(hosts, user, placing.Token);
        for (var i = 0; i < Orders; i++)
        {
            await _api.CreateOrderAsync(user, 1);
        }

        // Every payment request and every outcome was handled: the orders are final.
        var final = await _api.WaitUntilAllFinalAsync(user, Orders);
        await placing.CancelAsync();
        Assert.All(final, order => Assert.Equal("Paid", order.Status));
        Assert.True(await mostHeldWhileSettling > 0,
            $"none of the {Orders} orders' messages was ever seen in a durable listener's custody while they settled");

        await Eventually.UntilAsync(
            () => Task.FromResult(hosts.Sum(host => HeldMessagesOf(host, user))),
            held => held == 0,
            $"the hosts to let go of the {Orders} orders' payment requests and outcomes", PruneTimeout,
            held => $"{held} of their messages still held");
    }

    /// <summary>The most messages of <paramref name="user"/> the hosts held at once, sampled until cancelled.</summary>
    private static async Task<int> WatchMostHeldAsync(IServiceProvider[] hosts, string user, CancellationToken cancellationToken)
    {
        var most = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            most = Math.Max(most, hosts.Sum(host => HeldMessagesOf(host, user)));
            await Task.Delay(TimeSpan.FromMilliseconds(5), CancellationToken.None);
        }

        return most;
    }

    /// <summary>How many envelopes about <paramref name="user"/>'s orders the host's durable listeners hold in custody.</summary>
    private static int HeldMessagesOf(IServiceProvider host, string user)
    {
        var runtime = host.GetRequiredService<IWolverineRuntime>();
        var receivers = runtime.Endpoints.ActiveListeners()
            .Select(agent => PrivateField(agent, "_receiver"))
            .Where(receiver => receiver?.GetType().Name == "DurableReceiver")
            .ToList();
        // Every host listens durably (MessagingDefaults): finding none means Wolverine's internals moved, not that
        // nothing is held.
        Assert.True(receivers.Count > 0, $"{runtime.Options.ServiceName}: no DurableReceiver among its listeners; Wolverine's internals changed");

        var held = 0;
        foreach (var receiver in receivers)
        {
            var custody = PrivateField(receiver!, "_custody")!;
            var envelopes = (IDictionary)PrivateField(custody, "_held")!;
            lock (PrivateField(custody, "_gate")!)
            {
                held += envelopes.Keys.Cast<Envelope>().Count(envelope => UserOf(envelope.Message) == user);
            }
        }

        return held;
    }

    private static string? UserOf(object? message) => message switch
    {
        PaymentRequested request => request.UserId,
        PaymentSucceeded succeeded => succeeded.UserId,
        PaymentFailed failed => failed.UserId,
        _ => null,
    };

    private static object? PrivateField(object owner, string name)
    {
        var field = owner.GetType().GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException($"{owner.GetType().Name} has no field {name}: Wolverine's internals changed.");
        return field.GetValue(owner);
    }
}

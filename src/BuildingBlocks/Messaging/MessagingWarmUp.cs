using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Runtime;
using Wolverine.Runtime.Handlers;
using Wolverine.Transports.Sending;

namespace HsePayord.BuildingBlocks.Messaging;

/// <summary>
/// Loads the pre-generated handler of every message type this host handles, starts the sending agent of every
/// endpoint it publishes to and opens its broker channel, which Wolverine otherwise does on the first message of each,
/// then sends one message around the whole durable path and back (<see cref="WarmUpPing"/>). Modules add the routes
/// of the types they publish (<see cref="WarmUpRoutes"/>).
/// </summary>
public sealed class MessagingWarmUp : IWarmUp
{
    public async Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var runtime = services.GetRequiredService<IWolverineRuntime>();
        if (services.GetService<HandlerGraph>() is { } handlers)
        {
            foreach (var chain in handlers.Chains)
            {
                handlers.HandlerFor(chain.MessageType);
            }
        }

        foreach (var endpoint in runtime.Options.Transports.AllEndpoints().Where(endpoint => endpoint.Subscriptions.Count > 0))
        {
            // A RabbitMQ sender opens its channel on its first send, and marks itself connected only after the channel
            // is open: a second send in between finds the channel open but the sender not connected, and fails ("is
            // disconnected"), leaving its message to the outbox's recovery a second later. The first orders after a
            // start come in bursts, so the channel is opened here, before the host reports ready.
            if (runtime.Endpoints.GetOrBuildSendingAgent(endpoint.Uri) is SendingAgent agent)
            {
                await agent.Sender.PingAsync();
            }
        }

        await RoundTripAsync(services, cancellationToken);
    }

    // Far longer than the first round trip takes (~150 ms on a cold host here); a ping that does not come back fails
    // this warm-up, which is tried again and then given up (StartupWarmUp): it only saves time.
    private static readonly TimeSpan RoundTripTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Sends a <see cref="WarmUpPing"/> to this replica's own queue and waits for it to come back. It is committed
    /// through the module's own unit of work, as a command's messages are (EF Core's outbox, then the flush). A
    /// rehearsal rolls back and sends nothing, so without this the first order's messages compiled that commit and
    /// flush, and Wolverine's and the RabbitMQ client's send and receive path (some 400 methods a host), on their way
    /// (docs/performance-history.md, ninth pass).
    /// </summary>
    private static async Task RoundTripAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var pings = services.GetRequiredService<WarmUpPings>();
        var ping = new WarmUpPing(Guid.NewGuid());
        var returned = pings.Await(ping.Id);
        services.GetRequiredService<IOutbox>().Enqueue(ping);
        await services.GetRequiredService<IUnitOfWork>().CommitAsync(cancellationToken);
        await returned.WaitAsync(RoundTripTimeout, cancellationToken);
    }

    /// <summary>Builds the routes of the message types a module publishes (Wolverine builds each on first use).</summary>
    public static void WarmUpRoutes(IServiceProvider services, params Type[] publishedMessageTypes)
    {
        var runtime = services.GetRequiredService<IWolverineRuntime>();
        foreach (var messageType in publishedMessageTypes)
        {
            runtime.RoutingFor(messageType);
        }
    }
}

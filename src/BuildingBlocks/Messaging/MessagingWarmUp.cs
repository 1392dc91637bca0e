using HsePayord.BuildingBlocks.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Runtime;
using Wolverine.Runtime.Handlers;
using Wolverine.Transports.Sending;

namespace HsePayord.BuildingBlocks.Messaging;

/// <summary>
/// Loads the pre-generated handler of every message type this host handles, and starts the sending agent of every
/// endpoint it publishes to and opens its broker channel, which Wolverine otherwise does on the first message of each.
/// Modules add the routes of the types they publish (<see cref="WarmUpRoutes"/>).
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

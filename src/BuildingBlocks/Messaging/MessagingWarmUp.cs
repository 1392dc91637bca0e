using HsePayord.BuildingBlocks.Web;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Runtime;
using Wolverine.Runtime.Handlers;

namespace HsePayord.BuildingBlocks.Messaging;

/// <summary>
/// Loads the pre-generated handler of every message type this host handles and starts the sending agent (the broker
/// channel) of every endpoint it publishes to, which Wolverine otherwise does on the first message of each.
/// Modules add the routes of the types they publish (<see cref="WarmUpRoutes"/>).
/// </summary>
public sealed class MessagingWarmUp : IWarmUp
{
    public Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
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
            runtime.Endpoints.GetOrBuildSendingAgent(endpoint.Uri);
        }

        return Task.CompletedTask;
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

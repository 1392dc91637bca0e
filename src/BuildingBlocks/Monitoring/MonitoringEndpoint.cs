using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.BuildingBlocks.Monitoring;

public static class MonitoringEndpoint
{
    public static IServiceCollection AddEndpointMonitoring(this IServiceCollection services)
    {
        services.AddSingleton<MessagingMetrics>();
        services.AddSingleton<BrokerQueues>();
        services.AddSingleton<EndpointMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<EndpointMonitor>());
        return services;
    }

    /// <summary><c>GET {ops}/monitoring</c>: this host instance's live numbers per queue (last 20 minutes).</summary>
    public static RouteGroupBuilder MapMonitoring(this RouteGroupBuilder ops)
    {
        ops.MapGet("/monitoring", GetMonitoringAsync)
            .WithName("GetMonitoring")
            .WithSummary("Live numbers per queue of this host instance: queue length and consumers from RabbitMQ; messages/s sent, received and handled, retries/s, dead letters/s, processing and critical time p50/p95 from Wolverine's meter; every 5 s for the last 20 minutes.");
        return ops;
    }

    private static async Task<Ok<MonitoringSnapshot>> GetMonitoringAsync(EndpointMonitor monitor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await monitor.SnapshotAsync(cancellationToken));
}

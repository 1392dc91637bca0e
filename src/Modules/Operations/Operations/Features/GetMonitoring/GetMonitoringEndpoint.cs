using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.GetMonitoring;

/// <summary><c>GET {ops}/monitoring</c>: this host instance's live numbers per queue (last 20 minutes).</summary>
internal static class GetMonitoringEndpoint
{
    public static RouteGroupBuilder MapGetMonitoring(this RouteGroupBuilder read)
    {
        read.MapGet("/monitoring", GetMonitoringAsync)
            .WithName("GetMonitoring")
            .WithSummary("Live numbers per queue of this host instance: queue length and consumers from RabbitMQ; messages/s sent, received and handled, retries/s, dead letters/s, processing and critical time p50/p95 from Wolverine's meter; every 5 s for the last 20 minutes.");
        return read;
    }

    private static async Task<Ok<MonitoringSnapshot>> GetMonitoringAsync(EndpointMonitor monitor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await monitor.SnapshotAsync(cancellationToken));
}

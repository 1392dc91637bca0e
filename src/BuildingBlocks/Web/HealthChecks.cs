using Microsoft.Extensions.Diagnostics.HealthChecks;
using Wolverine.RabbitMQ.Internal;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace HsePayord.BuildingBlocks.Web;

/// <summary>Asks the broker itself, through the connection Wolverine's RabbitMQ transport holds.</summary>
internal sealed class RabbitMqHealthCheck(IWolverineRuntime runtime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var transport = runtime.Options.Transports.GetOrCreate<RabbitMqTransport>();
        try
        {
            var snapshot = await transport.ProbeAsync(cancellationToken);
            return snapshot.Status switch
            {
                BrokerHealthStatus.Healthy => HealthCheckResult.Healthy(),
                // Reconnected recently: serving, but worth a look (still 200 on /health/ready).
                BrokerHealthStatus.Degraded => HealthCheckResult.Degraded(snapshot.Description),
                _ => HealthCheckResult.Unhealthy($"RabbitMQ is {snapshot.Status}: {snapshot.Description}"),
            };
        }
        catch (Exception exception)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ is unreachable", exception);
        }
    }
}

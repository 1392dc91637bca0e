using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.Modules.Operations.Monitoring;

internal static class MonitoringRegistration
{
    public static IServiceCollection AddEndpointMonitoring(this IServiceCollection services)
    {
        services.AddSingleton<BrokerQueues>();
        services.AddSingleton<EndpointMonitor>();
        services.AddHostedService(provider => provider.GetRequiredService<EndpointMonitor>());
        return services;
    }
}

using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine;

namespace HsePayord.BuildingBlocks.Operations;

/// <summary>
/// The operations API (ServicePulse-style: failed messages, paced retries, edit and retry, archive, audit, demo
/// fault injection) for one host, over Wolverine's message store in the module's own database.
/// </summary>
public static class Operations
{
    /// <param name="databaseConnectionName">The module's database (its keyed <see cref="NpgsqlDataSource"/>).</param>
    public static WebApplicationBuilder AddOperations(this WebApplicationBuilder builder, string databaseConnectionName)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(OperationsOptions.Section);
        services.Configure<OperationsOptions>(section);
        var options = section.Get<OperationsOptions>() ?? new OperationsOptions();

        services.AddSingleton(provider => new OperationsStore(
            provider.GetRequiredKeyedService<NpgsqlDataSource>(databaseConnectionName), provider.GetRequiredService<TimeProvider>()));
        services.AddHostedService<OperationsSchemaProvisioner>();
        services.AddSingleton<RetryRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<RetryRunner>());
        services.AddSingleton(new RabbitMqVirtualHost(RabbitMqVirtualHost.Of(builder.Configuration.GetConnectionString("RabbitMq"))));
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<DeadLetterViews>();
        services.AddSingleton<Wolverine.Persistence.Durability.IDeadLetterInterceptor, StackTraceInterceptor>();
        services.TryAddSingleton(new OperationsHooks());
        services.AddOperationsAuthorization();
        services.AddOperationsOpenApi();

        services.ConfigureWolverine(opts =>
        {
            opts.Durability.ArchivedDeadLetterRetention = options.ArchivedRetention;
            opts.Policies.AddMiddleware(typeof(FaultInjectionMiddleware));
        });
        return builder;
    }

    /// <summary>Maps the operations API under the host's public prefix, e.g. <c>/api/orders/ops</c>.</summary>
    public static IEndpointRouteBuilder MapOperations(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var ops = endpoints.MapGroup(prefix);
        ops.WithTagDescription("Operations",
            "Operators only (HTTP Basic; role viewer reads, operator acts): failed messages of this host, grouped and in detail; paced, batched retries with their outcomes; archive and restore; the audit of operator actions; live numbers per queue.");
        ops.MapOperationsApi();
        if (endpoints.ServiceProvider.GetRequiredService<IOptions<OperationsOptions>>().Value.FaultInjection)
        {
            ops.MapFaultInjectionApi();
        }

        return endpoints;
    }
}

/// <summary>The RabbitMQ virtual host this service uses, so the page can link to its queues in the management UI.</summary>
public sealed record RabbitMqVirtualHost(string? Name)
{
    // A cluster's connection string lists one URI per node, all with the same vhost: the first says it.
    public static string? Of(string? amqpUri) =>
        Uri.TryCreate(amqpUri?.Split(',')[0].Trim(), UriKind.Absolute, out var uri)
            ? uri.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/"
            : null;
}

using HsePayord.BuildingBlocks.Persistence;
using HsePayord.Modules.Operations.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine;

namespace HsePayord.Modules.Operations;

/// <summary>
/// The operations module (ServicePulse-style: failed messages, paced retries, edit and retry, archive, audit, demo
/// fault injection, live monitoring) for one host, over Wolverine's message store in the host's database. Business
/// modules put it in their words through <see cref="OperationsHooks"/> (Operations.Contracts).
/// </summary>
public static class OperationsModule
{
    /// <param name="databaseConnectionName">The host's database (its keyed <see cref="NpgsqlDataSource"/>).</param>
    public static WebApplicationBuilder AddOperationsModule(this WebApplicationBuilder builder, string databaseConnectionName)
    {
        var services = builder.Services;
        var section = builder.Configuration.GetSection(OperationsOptions.Section);
        services.Configure<OperationsOptions>(section);
        var options = section.Get<OperationsOptions>() ?? new OperationsOptions();

        services.AddSingleton(provider => new OperationsStore(
            provider.GetRequiredKeyedService<NpgsqlDataSource>(databaseConnectionName), provider.GetRequiredService<TimeProvider>()));
        // The operations schema lives in the host's database beside the business module's tables, with its own
        // migrations and history; applied after the business module's (which creates the database if missing).
        services.AddDbContext<OperationsDbContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredKeyedService<NpgsqlDataSource>(databaseConnectionName),
                npgsql => npgsql.MigrationsHistoryTable(OperationsDbContext.MigrationsHistoryTable, OperationsDbContext.Schema))
            // MigrationsTests asks this at build time rather than every start (as ModuleDatabase does).
            .ConfigureWarnings(warnings => warnings.Ignore(RelationalEventId.PendingModelChangesWarning)));
        services.AddHostedService<ProvisionedSchemaAdoption>();
        services.AddStartupMigration<OperationsDbContext>();
        services.AddSingleton<RetryRunner>();
        services.AddHostedService(provider => provider.GetRequiredService<RetryRunner>());
        services.AddSingleton(new RabbitMqVirtualHost(RabbitMqVirtualHost.Of(builder.Configuration.GetConnectionString("RabbitMq"))));
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<DeadLetterViews>();
        services.AddSingleton<Wolverine.Persistence.Durability.IDeadLetterInterceptor, StackTraceInterceptor>();
        services.TryAddSingleton(new OperationsHooks());
        services.AddOperationsFeatures();
        services.AddEndpointMonitoring();
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
    public static IEndpointRouteBuilder MapOperationsModule(this IEndpointRouteBuilder endpoints, string prefix)
    {
        var faultInjection = endpoints.ServiceProvider.GetRequiredService<IOptions<OperationsOptions>>().Value.FaultInjection;
        endpoints.MapGroup(prefix).MapOperationsRoutes(faultInjection);
        return endpoints;
    }
}

/// <summary>The RabbitMQ virtual host this service uses, so the page can link to its queues in the management UI.</summary>
internal sealed record RabbitMqVirtualHost(string? Name)
{
    // A cluster's connection string lists one URI per node, all with the same vhost: the first says it.
    public static string? Of(string? amqpUri) =>
        Uri.TryCreate(amqpUri?.Split(',')[0].Trim(), UriKind.Absolute, out var uri)
            ? uri.AbsolutePath.Trim('/') is { Length: > 0 } path ? Uri.UnescapeDataString(path) : "/"
            : null;
}

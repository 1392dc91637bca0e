using HsePayord.BuildingBlocks.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Wolverine.EntityFrameworkCore;

namespace HsePayord.BuildingBlocks.Persistence;

public static class ModuleDatabase
{
    /// <summary>The schema of each module's database that holds Wolverine's inbox, outbox and dead letters.</summary>
    public const string EnvelopeSchema = "wolverine";

    /// <summary>
    /// Registers a module's own PostgreSQL database: one <see cref="NpgsqlDataSource"/> (one connection pool,
    /// shared with Wolverine's envelope storage), the module's DbContext with Wolverine's envelope tables mapped,
    /// the unit of work behind its commands, start-up migration, and the sweeper of its expired rows
    /// (<see cref="RetentionOptions"/>).
    /// </summary>
    public static IServiceCollection AddModuleDatabase<TContext>(
        this IServiceCollection services, IConfiguration configuration, string connectionName)
        where TContext : DbContext
    {
        var connectionString = configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException($"Connection string '{connectionName}' is not configured.");

        services.AddKeyedSingleton(connectionName, (_, _) => CreateDataSource(connectionString));
        // Pooled: a DbContext per request or batch is reset and reused instead of rebuilt with all its internal
        // services (that rebuild showed in the profile). Wolverine's envelope tables are mapped by the module's
        // model (AddOutboxEnvelopes), so outgoing envelopes are saved in the same SaveChanges.
        services.AddDbContextPool<TContext>((provider, options) => options
            .UseNpgsql(provider.GetRequiredKeyedService<NpgsqlDataSource>(connectionName))
            .ConfigureWarnings(DemoteFailureLogs)
            .ConfigureWarnings(SkipPendingModelChangesCheck));
        services.AddScoped<OutboxUnitOfWork<TContext>>();
        services.AddScoped<UnitOfWorkRehearsal>();
        services.AddScoped<IUnitOfWork>(provider => provider.GetRequiredService<OutboxUnitOfWork<TContext>>());
        services.AddScoped<IOutbox>(provider => provider.GetRequiredService<OutboxUnitOfWork<TContext>>());
        services.AddStartupMigration<TContext>();
        services.AddSingleton<IWarmUp>(new DatabaseWarmUp<TContext>(connectionName));
        services.AddRetentionSweeper<TContext>(configuration);
        services.AddHealthChecks().AddDbContextCheck<TContext>($"{connectionName.ToLowerInvariant()}-database", tags: [HealthTags.Ready]);
        return services;
    }

    /// <summary>
    /// Creates the database if it is missing and applies <typeparamref name="TContext"/>'s migrations as the host
    /// starts, before any hosted service (in registration order with other contexts of the same database).
    /// </summary>
    public static IServiceCollection AddStartupMigration<TContext>(this IServiceCollection services)
        where TContext : DbContext =>
        services.AddHostedService<DatabaseMigrator<TContext>>();

    /// <summary>Maps Wolverine's inbox and outbox tables into a module's model (excluded from its migrations).</summary>
    public static ModelBuilder AddOutboxEnvelopes(this ModelBuilder modelBuilder) =>
        modelBuilder.MapWolverineEnvelopeStorage(EnvelopeSchema);

    /// <summary>
    /// EF Core logs a failed command, connection, query or save as an error with the whole exception, and so does
    /// whoever ran it (the mediator's logging behavior, Wolverine for a message): the same stack trace two to four
    /// times. During a database outage that was most of the host's CPU. EF Core's copies go to Debug.
    /// </summary>
    private static void DemoteFailureLogs(WarningsConfigurationBuilder warnings) => warnings.Log(
        (RelationalEventId.CommandError, LogLevel.Debug),
        (RelationalEventId.ConnectionError, LogLevel.Debug),
        (CoreEventId.QueryIterationFailed, LogLevel.Debug),
        (CoreEventId.SaveChangesFailed, LogLevel.Debug));

    /// <summary>
    /// Before migrating, EF Core checks for model changes that no migration holds: it builds the model again from the
    /// migrations' snapshot, builds a design-time model, and compares the two, on every start (2.6 % of the samples of
    /// a start, docs/performance-history.md), for a question whose answer is fixed at build time; the unit tests ask
    /// it instead (MigrationsTests), so a model changed without its migration fails the build's tests rather than a
    /// start.
    /// </summary>
    private static void SkipPendingModelChangesCheck(WarningsConfigurationBuilder warnings) =>
        warnings.Ignore(RelationalEventId.PendingModelChangesWarning);

    private static NpgsqlDataSource CreateDataSource(string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        var settings = builder.ConnectionStringBuilder;
        // Nothing here leaves session state behind (no temp tables, no SET), so the "DISCARD ALL" round trip on
        // each return to the pool buys nothing; and it would drop the prepared statements kept below.
        settings.NoResetOnClose = true;
        // The same few statements run for every order: prepared once per connection, PostgreSQL skips parsing
        // and planning them again. An explicit setting in the connection string wins.
        if (settings.MaxAutoPrepare == 0)
        {
            settings.MaxAutoPrepare = 32;
        }

        return builder.Build();
    }
}

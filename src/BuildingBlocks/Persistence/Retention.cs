using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsePayord.BuildingBlocks.Persistence;

/// <summary>
/// How long a module keeps the rows that only serve de-duplication, bound from the host's <c>Retention</c>
/// configuration section. Business records (orders, payments, accounts) are never expired.
/// </summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>
    /// How long a handled envelope stays in Wolverine's durable inbox, where it makes a redelivery of the same
    /// message a duplicate that is dropped (Wolverine's <c>KeepAfterMessageHandling</c>).
    /// </summary>
    public TimeSpan HandledMessages { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long an <c>Idempotency-Key</c> is honoured; a repeat after that is a new request.</summary>
    public TimeSpan IdempotencyKeys { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired rows of every kind (journey steps included) are deleted.</summary>
    public TimeSpan PurgeInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The validated settings; a host with a zero or negative value refuses to start.</summary>
    public static RetentionOptions From(IConfiguration configuration)
    {
        var options = configuration.GetSection(Section).Get<RetentionOptions>() ?? new RetentionOptions();
        var failures = new[]
            {
                (nameof(HandledMessages), options.HandledMessages),
                (nameof(IdempotencyKeys), options.IdempotencyKeys),
                (nameof(PurgeInterval), options.PurgeInterval),
            }
            .Where(setting => setting.Item2 <= TimeSpan.Zero)
            .Select(setting => $"{Section}:{setting.Item1} must be a positive time span (e.g. 1.00:00:00 for a day), not {setting.Item2}.")
            .ToList();
        return failures.Count == 0
            ? options
            : throw new OptionsValidationException(Section, typeof(RetentionOptions), failures);
    }
}

/// <summary>
/// One kind of expiring row in a module's database: rows whose timestamp is older than the retention are deleted
/// by <see cref="RetentionSweeper{TContext}"/>, in bounded batches so no delete holds many locks or runs long
/// beside live traffic. The timestamp column needs an index.
/// </summary>
public sealed class ExpiringRows<TContext>
    where TContext : DbContext
{
    /// <summary>Rows per DELETE (as Wolverine's own cleanup of handled envelopes, which defaults to 5 000).</summary>
    internal const int BatchSize = 5000;

    private readonly Func<TContext, DateTimeOffset, CancellationToken, Task<int>> _deleteBatch;

    internal ExpiringRows(string kind, TimeSpan retention, Func<TContext, DateTimeOffset, CancellationToken, Task<int>> deleteBatch)
    {
        Kind = kind;
        Retention = retention;
        _deleteBatch = deleteBatch;
    }

    public string Kind { get; }

    public TimeSpan Retention { get; }

    /// <summary>Deletes every row older than the retention as of <paramref name="now"/>, batch by batch; returns how many.</summary>
    public async Task<int> DeleteExpiredAsync(IServiceScopeFactory scopes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var cutoff = now - Retention;
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TContext>();
            deleted = await _deleteBatch(db, cutoff, cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        return total;
    }

}

public static class ExpiringRows
{
    /// <summary>The rows of <typeparamref name="TEntity"/> whose <paramref name="timestamp"/> is older than <paramref name="retention"/>.</summary>
    public static ExpiringRows<TContext> Of<TContext, TEntity>(
        string kind, TimeSpan retention, Expression<Func<TEntity, DateTimeOffset>> timestamp)
        where TContext : DbContext
        where TEntity : class
    {
        var property = timestamp.Body is MemberExpression { Member.Name: var name }
            ? name
            : throw new ArgumentException("The timestamp must be a property of the entity, e.g. row => row.CreatedAt.", nameof(timestamp));
        string? deleteBatch = null;
        return new ExpiringRows<TContext>(kind, retention, (db, cutoff, cancellationToken) =>
        {
            deleteBatch ??= DeleteBatchSql<TEntity>(db, property);
            return db.Database.ExecuteSqlRawAsync(deleteBatch, [cutoff, ExpiringRows<TContext>.BatchSize], cancellationToken);
        });
    }

    /// <summary>
    /// The oldest expired rows, up to a batch, found on the timestamp's index and deleted by their physical address
    /// (a TID scan). EF Core's <c>Take(n).ExecuteDelete()</c> joins the batch back on the key, which PostgreSQL
    /// plans as a scan of the whole table for every batch.
    /// </summary>
    private static string DeleteBatchSql<TEntity>(DbContext db, string property)
    {
        var entity = db.Model.FindEntityType(typeof(TEntity))
            ?? throw new InvalidOperationException($"{db.GetType().Name} does not map {typeof(TEntity).Name}.");
        var table = StoreObjectIdentifier.Table(entity.GetTableName()!, entity.GetSchema());
        var column = entity.FindProperty(property)!.GetColumnName(table)!;
        var sqlHelper = db.GetService<ISqlGenerationHelper>();
        var qualifiedTable = sqlHelper.DelimitIdentifier(table.Name, table.Schema);
        var quotedColumn = sqlHelper.DelimitIdentifier(column);
        return $"DELETE FROM {qualifiedTable} WHERE ctid = ANY(ARRAY(SELECT ctid FROM {qualifiedTable} " +
               $"WHERE {quotedColumn} < {{0}} ORDER BY {quotedColumn} LIMIT {{1}}))";
    }
}

/// <summary>Deletes the expired rows of every <see cref="ExpiringRows{TContext}"/> of a module, every <see cref="RetentionOptions.PurgeInterval"/>.</summary>
internal sealed partial class RetentionSweeper<TContext>(
    IEnumerable<ExpiringRows<TContext>> expiringRows,
    IServiceScopeFactory scopes,
    RetentionOptions options,
    TimeProvider clock,
    ILogger<RetentionSweeper<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                foreach (var rows in expiringRows)
                {
                    try
                    {
                        var deleted = await rows.DeleteExpiredAsync(scopes, clock.GetUtcNow(), stoppingToken);
                        LogDeleted(deleted, rows.Kind, typeof(TContext).Name);
                    }
                    catch (Exception exception) when (exception is not OperationCanceledException)
                    {
                        // A database that is down now is retried at the next interval; expired rows only wait.
                        LogDeleteFailed(exception, rows.Kind, typeof(TContext).Name);
                    }
                }

                await Task.Delay(options.PurgeInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Deleted {Count} expired {Kind} in {Database}")]
    private partial void LogDeleted(int count, string kind, string database);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete expired {Kind} in {Database}")]
    private partial void LogDeleteFailed(Exception exception, string kind, string database);
}

public static class RetentionRegistration
{
    /// <summary>
    /// The module database's sweeper of expired rows (<see cref="RetentionOptions"/>); other building blocks add
    /// their kinds with <see cref="AddExpiringRows{TContext}"/>. Throws when the settings are invalid.
    /// </summary>
    internal static IServiceCollection AddRetentionSweeper<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext
    {
        services.TryAddSingleton(RetentionOptions.From(configuration));
        services.AddHostedService<RetentionSweeper<TContext>>();
        return services;
    }

    public static IServiceCollection AddExpiringRows<TContext>(this IServiceCollection services, ExpiringRows<TContext> rows)
        where TContext : DbContext =>
        services.AddSingleton(rows);
}

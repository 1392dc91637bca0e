using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HsePayord.BuildingBlocks.Persistence;

/// <summary>Which database failures pass by themselves, and so are worth another attempt.</summary>
public static class DatabaseFailures
{
    public static bool IsConflict(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>
    /// Connection-level failures, including a backend terminated by an administrator or a restart, and a failover seen
    /// through a connection string naming several hosts (<c>Target Session Attributes=primary</c>).
    /// </summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } => true,
        // Npgsql's multi-host data source gathers each host's failure in one exception, which it does not itself call
        // transient: one host down and the rest refused is an outage like any other.
        NpgsqlException { InnerException: AggregateException hosts } => hosts.InnerExceptions.Any(IsTransient),
        // Every host was skipped, known down or not a primary: no primary now, until the standby is promoted.
        NpgsqlException { InnerException: null, Message: NoSuitableHost } => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>Npgsql's only sign of it (NpgsqlMultiHostDataSource): no type or code of its own.</summary>
    private const string NoSuitableHost = "No suitable host was found.";

    /// <summary>
    /// The host's own connection pool ran dry: every connection is busy and the wait timed out. Transient too, but
    /// not a database failure — the host is overloaded (after an outage, by every client retrying at once), and
    /// another attempt inside the same request only adds to the queue. Requests give up at once and the client
    /// retries later; a message waits in its retry policy.
    /// </summary>
    public static bool IsPoolExhausted(Exception exception) => exception switch
    {
        NpgsqlException { InnerException: TimeoutException } npgsql
            when npgsql.Message.StartsWith("The connection pool has been exhausted", StringComparison.Ordinal) => true,
        _ => exception.InnerException is { } inner && IsPoolExhausted(inner),
    };

    /// <summary>What went wrong in one line: the provider's own message (EF Core wraps it in a generic one).</summary>
    public static string Reason(Exception exception) => exception switch
    {
        NpgsqlException npgsql => npgsql.Message,
        { InnerException: { } inner } => Reason(inner),
        _ => exception.Message,
    };
}

using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace HsePayord.BuildingBlocks.Persistence;

/// <summary>Which database failures pass by themselves, and so are worth another attempt.</summary>
public static class DatabaseFailures
{
    public static bool IsConflict(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    /// <summary>Connection-level failures, including a backend terminated by an administrator or a restart.</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow } => true,
        NpgsqlException npgsql => npgsql.IsTransient,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

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

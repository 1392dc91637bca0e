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
}

using HsePayord.BuildingBlocks.Application;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace HsePayord.BuildingBlocks.Persistence;

/// <summary>
/// Optimistic concurrency: a command whose commit lost a race (a row version changed underneath it, or a
/// concurrent insert took the same key) runs again from scratch against the fresh state, with a short jittered
/// back-off. Handlers stay simple compare-and-set code; nothing is ever locked or lost.
/// </summary>
public sealed partial class ConflictRetryBehavior<TMessage, TResponse>(
    IUnitOfWork unitOfWork, ILogger<ConflictRetryBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IBaseCommand
{
    internal const int MaxAttempts = 20;

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await next(message, cancellationToken);
            }
            catch (DbUpdateException exception) when (IsConflict(exception))
            {
                await unitOfWork.ResetAsync();
                if (attempt == MaxAttempts)
                {
                    throw new ConflictException(
                        "Too much contention", "The resource changed concurrently too often; retry the request.");
                }

                LogConflict(typeof(TMessage).Name, attempt);
                await Task.Delay(Backoff(attempt), cancellationToken);
            }
        }
    }

    internal static bool IsConflict(DbUpdateException exception) =>
        exception is DbUpdateConcurrencyException
        || exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    private static TimeSpan Backoff(int attempt) =>
        TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * Math.Min(attempt, 10)));

    [LoggerMessage(Level = LogLevel.Debug, Message = "{MessageName} lost a concurrent update (attempt {Attempt}); retrying")]
    private partial void LogConflict(string messageName, int attempt);
}

using HsePayord.BuildingBlocks.Application;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace HsePayord.BuildingBlocks.Persistence;

/// <summary>
/// Runs a command or query again from scratch when it failed for a reason that will pass:
/// <list type="bullet">
/// <item>it lost a race: a row version changed underneath it (optimistic concurrency) or a concurrent insert took
/// the same key (the idempotency record, an account). Retried at once, with a little jitter, against fresh state;</item>
/// <item>the database was briefly unreachable: a dropped or terminated connection, a restart. Retried with a
/// back-off of a few seconds in all; a message handler's own retry policy takes over after that. Not when the
/// host's connection pool is exhausted: that is overload, and retrying inside the request would deepen it.</item>
/// </list>
/// Each attempt starts from an empty unit of work, so nothing of a failed attempt is committed or published.
/// </summary>
public sealed partial class RetryBehavior<TMessage, TResponse>(
    IUnitOfWork unitOfWork, ILogger<RetryBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    internal const int MaxConflictAttempts = 20;
    internal const int MaxTransientAttempts = 6;

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var conflicts = 0;
        var transientFailures = 0;
        while (true)
        {
            try
            {
                return await next(message, cancellationToken);
            }
            catch (DbUpdateException exception) when (DatabaseFailures.IsConflict(exception) && ++conflicts < MaxConflictAttempts)
            {
                LogConflict(typeof(TMessage).Name, conflicts);
                await unitOfWork.ResetAsync();
                await Task.Delay(Random.Shared.Next(1, 5 * Math.Min(conflicts, 10)), cancellationToken);
            }
            catch (Exception exception) when (DatabaseFailures.IsTransient(exception) && !DatabaseFailures.IsPoolExhausted(exception)
                && ++transientFailures < MaxTransientAttempts)
            {
                LogTransientFailure(typeof(TMessage).Name, transientFailures, DatabaseFailures.Reason(exception));
                await unitOfWork.ResetAsync();
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (1 << transientFailures)), cancellationToken);
            }
            catch (DbUpdateException exception) when (DatabaseFailures.IsConflict(exception))
            {
                throw new ConflictException(
                    "Too much contention", "The resource changed concurrently too often; retry the request.");
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{MessageName} lost a concurrent update (attempt {Attempt}); retrying")]
    private partial void LogConflict(string messageName, int attempt);

    // The reason without its stack trace: during an outage this is logged for every request in flight.
    [LoggerMessage(Level = LogLevel.Warning, Message = "{MessageName} hit a transient database failure (attempt {Attempt}); retrying: {Reason}")]
    private partial void LogTransientFailure(string messageName, int attempt, string reason);
}

using System.Diagnostics;
using HsePayord.BuildingBlocks.Persistence;
using Mediator;
using Microsoft.Extensions.Logging;

namespace HsePayord.BuildingBlocks.Pipeline;

/// <summary>
/// A message about particular entities: their ids go into the logging scope of everything it causes, under a name the
/// module chooses (e.g. <c>OrderIds</c>), so a log search for one id finds the batch that carried it.
/// </summary>
public interface ILogScopedMessage
{
    string LogScopeName { get; }

    IEnumerable<Guid> LogScopeIds { get; }
}

public sealed partial class LoggingBehavior<TMessage, TResponse>(ILogger<LoggingBehavior<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IMessage
{
    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var messageName = typeof(TMessage).Name;
        using var scope = message is ILogScopedMessage scoped
            ? logger.BeginScope(new Dictionary<string, object>
            {
                ["Message"] = messageName, [scoped.LogScopeName] = string.Join(',', scoped.LogScopeIds),
            })
            : logger.BeginScope(new Dictionary<string, object> { ["Message"] = messageName });

        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await next(message, cancellationToken);
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogHandled(messageName, elapsedMs);
            return response;
        }
        catch (Exception exception) when (IsUnavailability(exception, cancellationToken))
        {
            // Expected while the database is down or the host is saturated, and then by the hundred a second: the
            // reason is the whole story. Formatting each stack trace cost more CPU than the requests being served,
            // and kept an overloaded host overloaded after a database outage.
            LogUnavailable(messageName, Stopwatch.GetElapsedTime(started).TotalMilliseconds, DatabaseFailures.Reason(exception));
            throw;
        }
        catch (Exception exception) when (exception is not FluentValidation.ValidationException)
        {
            var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            LogFailed(exception, messageName, elapsedMs);
            throw;
        }
    }

    private static bool IsUnavailability(Exception exception, CancellationToken cancellationToken) =>
        (exception is OperationCanceledException && cancellationToken.IsCancellationRequested) || DatabaseFailures.IsTransient(exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{MessageName} handled in {ElapsedMs:0.0} ms")]
    private partial void LogHandled(string messageName, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{MessageName} failed after {ElapsedMs:0.0} ms")]
    private partial void LogFailed(Exception exception, string messageName, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{MessageName} failed after {ElapsedMs:0.0} ms: {Reason}")]
    private partial void LogUnavailable(string messageName, double elapsedMs, string reason);
}

using Mediator;

namespace HsePayord.Modules.Operations.Contracts.Journey;

/// <summary>One item of a command that arrived as a bus message: the subject, the message and its delivery attempt.</summary>
public readonly record struct JourneyItem(Guid SubjectId, Guid MessageId, int Attempt);

/// <summary>A command handling bus messages, whose failures and retries belong on each subject's journey.</summary>
public interface IJourneyCommand
{
    IReadOnlyList<JourneyItem> JourneyItems { get; }
}

/// <summary>
/// Journals every failed attempt of a bus message's command (outside the rolled-back transaction) and every
/// attempt after the first. What a successful attempt means is the module's to enlist in its own transaction.
/// </summary>
public sealed class JourneyBehavior<TMessage, TResponse>(IJournal journal) : IPipelineBehavior<TMessage, TResponse>
    where TMessage : IJourneyCommand, IMessage
{
    public const string Retrying = "retrying";
    public const string Failed = "handling-failed";

    public async ValueTask<TResponse> Handle(
        TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (!journal.Enabled)
        {
            return await next(message, cancellationToken);
        }

        foreach (var item in message.JourneyItems)
        {
            if (item.Attempt > 1)
            {
                journal.Post(item.SubjectId, Retrying, JourneyStepKind.Retry, item.MessageId, $"attempt {item.Attempt}");
            }
        }

        try
        {
            return await next(message, cancellationToken);
        }
        catch (Exception exception)
        {
            var items = message.JourneyItems;
            foreach (var item in items)
            {
                journal.Post(item.SubjectId, Failed, JourneyStepKind.Failure, item.MessageId,
                    $"attempt {Math.Max(item.Attempt, 1)}{(items.Count > 1 ? $", in a batch of {items.Count}" : "")}: " +
                    $"{exception.GetType().Name}: {exception.Message}");
            }

            throw;
        }
    }
}

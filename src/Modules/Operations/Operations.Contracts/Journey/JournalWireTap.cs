using Wolverine;
using Wolverine.Persistence.Durability;

namespace HsePayord.Modules.Operations.Contracts.Journey;

/// <summary>
/// Wolverine's wire tap on every sending endpoint: a message handed to its sender after the commit becomes the
/// module's "sent" step.
/// </summary>
internal sealed class JournalWireTap(IJournal journal, JourneyMessages messages) : IWireTap
{
    public ValueTask RecordSuccessAsync(Envelope envelope)
    {
        if (messages.SentStepOf(envelope) is { } step && messages.SubjectOf(envelope) is { } subject)
        {
            journal.Post(subject, step, messageId: envelope.Id, detail: envelope.Destination?.ToString());
        }

        return ValueTask.CompletedTask;
    }

    // Dead letters are journaled as they are stored (JournalDeadLetters): a batch member is dead-lettered on behalf
    // of a batch envelope Wolverine assembled itself, which carries no wire tap.
    public ValueTask RecordFailureAsync(Envelope envelope, Exception exception) => ValueTask.CompletedTask;
}

/// <summary>Every message stored in the module's dead letters becomes a <c>dead-lettered</c> failure on its journey.</summary>
internal sealed class JournalDeadLetters(IJournal journal, JourneyMessages messages) : IDeadLetterInterceptor
{
    public const string DeadLettered = "dead-lettered";

    public ValueTask<Exception?> BeforeStoreAsync(Envelope envelope, Exception? exception, CancellationToken cancellation)
    {
        if (messages.SubjectOf(envelope) is { } subject)
        {
            journal.Post(subject, DeadLettered, JourneyStepKind.Failure, envelope.Id,
                exception is null ? null : $"{exception.GetType().Name}: {exception.Message}");
        }

        return ValueTask.FromResult(exception);
    }
}

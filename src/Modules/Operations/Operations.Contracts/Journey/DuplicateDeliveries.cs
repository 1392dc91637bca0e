using Microsoft.Extensions.Logging;
using Wolverine.Persistence.Durability;

namespace HsePayord.Modules.Operations.Contracts.Journey;

/// <summary>
/// A redelivery the durable inbox recognised by its message id and dropped. Wolverine reports it only in its log
/// (no wire-tap call): "Discarding a duplicate delivery of envelope {id} at {uri}, which the inbox already holds"
/// from the durable receiver, or a <see cref="DuplicateIncomingEnvelopeException"/> carrying the envelopes. This
/// logger provider listens to exactly that category and journals a <c>duplicate-dropped</c> step, under the subject
/// the first delivery of that message id was journaled with.
/// </summary>
internal sealed class DuplicateDeliveries(Journal journal, JourneyMessages messages) : ILoggerProvider
{
    public const string DuplicateDropped = "duplicate-dropped";

    /// <summary>The one category watched; a filter rule lets its Information entries through to this provider only.</summary>
    public const string ReceiverCategory = "Wolverine.Runtime.WorkerQueues.DurableReceiver";

    public ILogger CreateLogger(string categoryName) =>
        categoryName == ReceiverCategory ? new Watcher(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private void Record(Guid messageId, Guid? subject, string? destination)
    {
        if ((subject ?? journal.SubjectOfMessage(messageId)) is { } subjectId)
        {
            journal.Post(subjectId, DuplicateDropped, JourneyStepKind.Duplicate, messageId,
                $"redelivery dropped by the inbox{(destination is null ? "" : $" at {destination}")}");
        }
    }

    private sealed class Watcher(DuplicateDeliveries owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(
            LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is DuplicateIncomingEnvelopeException duplicates)
            {
                foreach (var envelope in duplicates.Duplicates)
                {
                    owner.Record(envelope.Id, owner.SubjectOf(envelope), envelope.Destination?.ToString());
                }

                return;
            }

            if (state is not IReadOnlyList<KeyValuePair<string, object?>> values
                || !values.Any(v => v is { Key: "{OriginalFormat}", Value: string format } && format.Contains("duplicate", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            var messageId = values.Select(v => v.Value switch
            {
                Guid id => id,
                string text when Guid.TryParse(text, out var parsed) => parsed,
                _ => Guid.Empty,
            }).FirstOrDefault(id => id != Guid.Empty);
            if (messageId != Guid.Empty)
            {
                owner.Record(messageId, null, values.FirstOrDefault(v => v.Value is Uri).Value?.ToString());
            }
        }
    }

    private Guid? SubjectOf(Wolverine.Envelope envelope) => messages.SubjectOf(envelope);
}

using System.Text.Json;
using Wolverine.Persistence.Durability;
using Wolverine.Runtime;
using Wolverine.Runtime.Serialization;
using Wolverine.Transports;

namespace HsePayord.Modules.Operations.FailedMessages;

/// <summary>One failed message in a list.</summary>
internal sealed record DeadLetterSummary(
    Guid Id,
    string MessageType,
    string? Endpoint,
    string? Queue,
    string? ExceptionType,
    string? ExceptionMessage,
    string? FailureGroup,
    DateTimeOffset SentAt,
    DateTimeOffset? FailedAt,
    int ReplayCount,
    bool Replayable,
    DateTimeOffset? ArchivedAt,
    MessageSubject? Subject);

/// <summary>Everything known about one failed message.</summary>
internal sealed record DeadLetterDetails(
    Guid Id,
    string MessageType,
    bool MessageTypeKnown,
    string? Endpoint,
    string? Queue,
    string? Source,
    DateTimeOffset SentAt,
    DateTimeOffset? FirstFailedAt,
    DateTimeOffset? FailedAt,
    int Attempts,
    int ReplayCount,
    DateTimeOffset? LastReplayedAt,
    bool Replayable,
    DateTimeOffset? ArchivedAt,
    string? ExceptionType,
    string? ExceptionMessage,
    string? StackTrace,
    string? FailureGroup,
    string? FailureTitle,
    IReadOnlyDictionary<string, string?> Headers,
    MessageBody Body,
    MessageSubject? Subject,
    IReadOnlyList<MessageEdit> Edits);

internal sealed record DeadLetterGroup(
    string Grouping,
    string Key,
    string? Title,
    string? ExceptionType,
    int Count,
    DateTimeOffset? FirstFailedAt,
    DateTimeOffset? LastFailedAt,
    string? SampleExceptionMessage,
    DeadLetterFilter Filter);

/// <summary>Turns Wolverine's dead letters into what the page shows, reading the body where Wolverine did not.</summary>
internal sealed class DeadLetterViews(IWolverineRuntime runtime, OperationsHooks hooks)
{
    private static readonly JsonSerializerOptions WolverineJson = SystemTextJsonSerializer.DefaultOptions();

    public DeadLetterSummary Summary(DeadLetterEnvelope letter) => new(
        letter.Id,
        letter.MessageType,
        letter.ReceivedAt,
        QueueOf(letter.ReceivedAt),
        letter.ExceptionType,
        letter.ExceptionMessage,
        letter.FailureGroup,
        letter.SentAt,
        letter.FailedAt,
        letter.ReplayCount,
        letter.Replayable,
        letter.ArchivedAt,
        SubjectOf(letter));

    public DeadLetterDetails Details(DeadLetterEnvelope letter, IReadOnlyList<MessageEdit> edits)
    {
        var headers = letter.Envelope?.Headers ?? new Dictionary<string, string?>();
        headers.TryGetValue(DeadLetterQueueConstants.ExceptionStackHeader, out var stack);
        return new DeadLetterDetails(
            letter.Id,
            letter.MessageType,
            MessageTypes.TryFind(runtime, letter.MessageType, out _),
            letter.ReceivedAt,
            QueueOf(letter.ReceivedAt),
            letter.Source,
            letter.SentAt,
            letter.FirstFailedAt,
            letter.FailedAt,
            letter.Envelope?.Attempts ?? 0,
            letter.ReplayCount,
            letter.LastReplayedAt,
            letter.Replayable,
            letter.ArchivedAt,
            letter.ExceptionType,
            letter.ExceptionMessage,
            stack,
            letter.FailureGroup,
            letter.FailureTitle,
            headers,
            MessageBody.Show(letter.Envelope?.Data),
            SubjectOf(letter),
            edits);
    }

    /// <summary><c>rabbitmq://queue/payments.payment-requests</c> → <c>payments.payment-requests</c>.</summary>
    public static string? QueueOf(string? endpoint) =>
        Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) && uri.Scheme == "rabbitmq" && uri.Host == "queue"
            ? uri.AbsolutePath.Trim('/')
            : null;

    private MessageSubject? SubjectOf(DeadLetterEnvelope letter)
    {
        try
        {
            var message = letter.Message ?? letter.Envelope?.Message;
            if (message is null && letter.Envelope?.Data is { Length: > 0 } body && MessageTypes.TryFind(runtime, letter.MessageType, out var type))
            {
                message = JsonSerializer.Deserialize(body, type, WolverineJson);
            }

            return message is null ? null : hooks.SubjectOf(message);
        }
        catch (Exception)
        {
            // A message that cannot be described is still shown; only the link is missing.
            return null;
        }
    }
}

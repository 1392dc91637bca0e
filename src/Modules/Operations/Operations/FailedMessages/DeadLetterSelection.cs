using FluentValidation;
using FluentValidation.Results;
using JasperFx.Core;
using Wolverine.Persistence.Durability.DeadLetterManagement;

namespace HsePayord.Modules.Operations.FailedMessages;

/// <summary>Narrows the failed messages down; every field is optional and they combine with AND.</summary>
internal sealed record DeadLetterFilter(
    string? MessageType = null,
    string? ExceptionType = null,
    string? ExceptionMessage = null,
    string? Endpoint = null,
    string? FailureGroup = null,
    DateTimeOffset? FailedFrom = null,
    DateTimeOffset? FailedTo = null)
{
    public DeadLetterEnvelopeQuery ToQuery(bool archived) => new()
    {
        MessageType = Blank(MessageType),
        ExceptionType = Blank(ExceptionType),
        ExceptionMessage = Blank(ExceptionMessage),
        ExceptionMessageMatch = Blank(ExceptionMessage) is null ? null : DeadLetterMessageMatch.Contains,
        ReceivedAt = Blank(Endpoint),
        FailureGroup = Blank(FailureGroup),
        Range = FailedFrom is null && FailedTo is null ? TimeRange.AllTime() : new TimeRange(FailedFrom, FailedTo),
        RangeOn = DeadLetterTimeField.FailedAt,
        Archived = archived ? DeadLetterArchiveFilter.Only : DeadLetterArchiveFilter.Exclude,
    };

    public string Describe()
    {
        var parts = new[]
        {
            ("messageType", MessageType), ("exceptionType", ExceptionType), ("exceptionMessage", ExceptionMessage),
            ("endpoint", Endpoint), ("failureGroup", FailureGroup),
            ("failedFrom", FailedFrom?.ToString("O")), ("failedTo", FailedTo?.ToString("O")),
        }.Where(p => Blank(p.Item2) is not null).Select(p => $"{p.Item1}={p.Item2}");
        var description = string.Join(", ", parts);
        return description.Length == 0 ? "all" : description;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

/// <summary>Which failed messages an action applies to: listed ids, a filter (e.g. a group), or all of them.</summary>
internal sealed record DeadLetterSelection(Guid[]? MessageIds = null, DeadLetterFilter? Filter = null, bool? All = null)
{
    public const int MaxListedIds = 10_000;

    public void Validate()
    {
        var chosen = (MessageIds is not null ? 1 : 0) + (Filter is not null ? 1 : 0) + (All == true ? 1 : 0);
        if (chosen != 1)
        {
            throw Invalid("selection", "Choose exactly one of 'messageIds', 'filter' or 'all': true.");
        }

        if (MessageIds is { Length: 0 } or { Length: > MaxListedIds })
        {
            throw Invalid("messageIds", $"List 1 to {MaxListedIds} message ids.");
        }
    }

    public DeadLetterEnvelopeQuery ToQuery(bool archived) => MessageIds is { } ids
        ? new DeadLetterEnvelopeQuery
        {
            MessageIds = ids,
            Archived = archived ? DeadLetterArchiveFilter.Only : DeadLetterArchiveFilter.Exclude,
            Range = TimeRange.AllTime(),
        }
        : (Filter ?? new DeadLetterFilter()).ToQuery(archived);

    public string Describe() => MessageIds is { } ids
        ? ids.Length == 1 ? $"message {ids[0]}" : $"{ids.Length} listed messages"
        : Filter is { } filter ? filter.Describe() : "all";

    internal static ValidationException Invalid(string field, string message) => new([new ValidationFailure(field, message)]);
}

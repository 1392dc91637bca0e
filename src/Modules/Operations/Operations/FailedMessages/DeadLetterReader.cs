using System.Text.Json.Serialization;
using Wolverine.Persistence.Durability;
using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace HsePayord.Modules.Operations.FailedMessages;

[JsonConverter(typeof(JsonStringEnumConverter<Grouping>))]
internal enum Grouping
{
    FailureGroup = 1,
    MessageType = 2,
    Endpoint = 3,
    ExceptionType = 4,
}

/// <summary>Reads the failed messages of this host from Wolverine's message store, as the page shows them.</summary>
internal sealed class DeadLetterReader(IWolverineRuntime runtime, DeadLetterViews views, OperationsStore store)
{
    private IDeadLetters DeadLetters => runtime.Storage.DeadLetters;

    public async Task<int> CountAsync(bool archived, CancellationToken cancellationToken)
    {
        var query = new DeadLetterFilter().ToQuery(archived);
        query.PageSize = 1;
        return (await DeadLetters.QueryAsync(query, cancellationToken)).TotalCount;
    }

    public async Task<Page<DeadLetterSummary>> PageAsync(
        DeadLetterFilter filter, bool archived, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = filter.ToQuery(archived);
        query.PageNumber = page;
        query.PageSize = pageSize;
        var results = await DeadLetters.QueryAsync(query, cancellationToken);
        return new Page<DeadLetterSummary>(results.Envelopes.Select(views.Summary).ToList(), results.TotalCount, page, pageSize);
    }

    /// <summary>The groups, the most recently failing first, each with a sample failure: two queries however many groups.</summary>
    public async Task<IReadOnlyList<DeadLetterGroup>> GroupsAsync(Grouping grouping, bool archived, CancellationToken cancellationToken)
    {
        var summaries = await DeadLetters.SummarizeAllAsync(runtime.Options.ServiceName,
            new DeadLetterSummaryOptions
            {
                Grouping = Enum.Parse<DeadLetterGrouping>(grouping.ToString()),
                Query = new DeadLetterFilter().ToQuery(archived),
            },
            cancellationToken);
        var samples = await store.FailureSamplesAsync(grouping, archived, cancellationToken);

        return
        [
            .. summaries.OrderByDescending(s => s.LastFailedAt).Select(summary =>
            {
                var sample = samples.GetValueOrDefault(summary.Key);
                return new DeadLetterGroup(grouping.ToString(), summary.Key, summary.Title, summary.ExceptionType ?? sample?.ExceptionType,
                    summary.Count, summary.FirstFailedAt, summary.LastFailedAt, sample?.ExceptionMessage, FilterOf(grouping, summary.Key));
            }),
        ];
    }

    /// <summary>One failed message with the edits made to it, or null for an id that is not a dead letter here.</summary>
    public async Task<DeadLetterDetails?> DetailsAsync(Guid id, CancellationToken cancellationToken) =>
        await DeadLetters.DeadLetterEnvelopeByIdAsync(id) is { } letter
            ? views.Details(letter, await store.EditsOfAsync(id, cancellationToken))
            : null;

    private static DeadLetterFilter FilterOf(Grouping grouping, string key) => grouping switch
    {
        Grouping.MessageType => new DeadLetterFilter(MessageType: key),
        Grouping.Endpoint => new DeadLetterFilter(Endpoint: key),
        Grouping.ExceptionType => new DeadLetterFilter(ExceptionType: key),
        _ => new DeadLetterFilter(FailureGroup: key),
    };
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Wolverine;
using Wolverine.Runtime.Batching;

namespace HsePayord.Modules.Operations.Contracts.Journey;

public static class JourneyEndpoint
{
    /// <summary>Reads a subject's steps; an id that is not a UUID is a 400 problem.</summary>
    public static async Task<Results<Ok<TResponse>, ProblemHttpResult>> ReadAsync<TResponse>(
        string id, IJournalStore store, Func<Guid, IReadOnlyList<JourneyStepResponse>, TResponse> respond,
        CancellationToken cancellationToken)
    {
        if (!Guid.TryParse(id, out var subjectId))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is invalid",
                detail: $"'{id}' is not a UUID.");
        }

        return TypedResults.Ok(respond(subjectId, await store.ReadAsync(subjectId, cancellationToken)));
    }
}

public static class JourneyItems
{
    /// <summary>
    /// Pairs each message of a batch Wolverine delivered with its own message id and attempt. A batch split into
    /// single messages after failures arrives as the member envelope itself.
    /// </summary>
    public static JourneyItem[] Of<T>(T[] messages, Func<T, Guid> subjectOf, IBatchContext batch, Envelope envelope)
    {
        var items = new JourneyItem[messages.Length];
        var members = batch.Members;
        for (var i = 0; i < messages.Length; i++)
        {
            items[i] = members.Count == messages.Length
                ? new JourneyItem(subjectOf(messages[i]), members[i].MessageId, Math.Max(members[i].Attempts, envelope.Attempts))
                : new JourneyItem(subjectOf(messages[i]), envelope.Id, envelope.Attempts);
        }

        return items;
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.ListDeadLetters;

/// <summary>Query string of the failed-message list.</summary>
internal sealed record DeadLetterListQuery(
    string? MessageType = null,
    string? ExceptionType = null,
    string? ExceptionMessage = null,
    string? Endpoint = null,
    string? FailureGroup = null,
    DateTimeOffset? FailedFrom = null,
    DateTimeOffset? FailedTo = null,
    bool? Archived = null,
    int? Page = null,
    int? PageSize = null)
{
    public DeadLetterFilter Filter => new(MessageType, ExceptionType, ExceptionMessage, Endpoint, FailureGroup, FailedFrom, FailedTo);
}

/// <summary><c>GET {ops}/dead-letters</c>: failed messages, filtered and paged by the server.</summary>
internal static class ListDeadLettersEndpoint
{
    public static RouteGroupBuilder MapListDeadLetters(this RouteGroupBuilder read)
    {
        read.MapGet("/dead-letters", ListDeadLetters).WithName("OpsListDeadLetters").WithSummary("Failed messages, filtered and paged by the server");
        return read;
    }

    private static async Task<Ok<Page<DeadLetterSummary>>> ListDeadLetters(
        [AsParameters] DeadLetterListQuery list, DeadLetterReader deadLetters, CancellationToken cancellationToken)
    {
        var (page, pageSize) = Paging.Of(list.Page, list.PageSize);
        return TypedResults.Ok(await deadLetters.PageAsync(list.Filter, list.Archived ?? false, page, pageSize, cancellationToken));
    }
}

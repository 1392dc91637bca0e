using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.ListDeadLetterGroups;

/// <summary><c>GET {ops}/dead-letters/groups</c>: failed messages grouped by failure group, message type, endpoint or exception type.</summary>
internal static class ListDeadLetterGroupsEndpoint
{
    public static RouteGroupBuilder MapListDeadLetterGroups(this RouteGroupBuilder read)
    {
        read.MapGet("/dead-letters/groups", ListGroups).WithName("OpsListDeadLetterGroups").WithSummary("Failed messages grouped by failure group, message type, endpoint or exception type");
        return read;
    }

    private static async Task<Ok<IReadOnlyList<DeadLetterGroup>>> ListGroups(
        DeadLetterReader deadLetters, CancellationToken cancellationToken, Grouping? by = null, bool? archived = null) =>
        TypedResults.Ok(await deadLetters.GroupsAsync(by ?? Grouping.FailureGroup, archived ?? false, cancellationToken));
}

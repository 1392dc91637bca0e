using System.Security.Claims;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.ArchiveDeadLetters;

/// <summary><c>POST {ops}/dead-letters/archive</c>: hide failed messages, restorable until the retention expires.</summary>
internal static class ArchiveDeadLettersEndpoint
{
    public static RouteGroupBuilder MapArchiveDeadLetters(this RouteGroupBuilder act)
    {
        act.MapPost("/dead-letters/archive", Archive).WithName("OpsArchive").WithSummary("Hide failed messages (restorable until the retention expires)")
            .WithRequestExample(new DeadLetterSelection(MessageIds: [OperationsRoutes.ExampleMessageId]));
        return act;
    }

    private static async Task<Ok<ActionResult>> Archive(
        DeadLetterSelection selection, DeadLetterActions actions, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await actions.ArchiveAsync(selection, user.Identity!.Name!, cancellationToken));
}

using System.Security.Claims;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.RestoreDeadLetters;

/// <summary><c>POST {ops}/dead-letters/restore</c>: bring archived messages back into the list.</summary>
internal static class RestoreDeadLettersEndpoint
{
    public static RouteGroupBuilder MapRestoreDeadLetters(this RouteGroupBuilder act)
    {
        act.MapPost("/dead-letters/restore", Restore).WithName("OpsRestore").WithSummary("Bring archived messages back into the list")
            .WithRequestExample(new DeadLetterSelection(MessageIds: [OperationsRoutes.ExampleMessageId]));
        return act;
    }

    private static async Task<Ok<ActionResult>> Restore(
        DeadLetterSelection selection, DeadLetterActions actions, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await actions.RestoreAsync(selection, user.Identity!.Name!, cancellationToken));
}

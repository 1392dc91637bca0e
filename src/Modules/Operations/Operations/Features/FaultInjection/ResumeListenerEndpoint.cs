using System.Security.Claims;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.FaultInjection;

/// <summary><c>POST {ops}/listeners/resume</c>: resume consuming a queue.</summary>
internal static class ResumeListenerEndpoint
{
    public static RouteGroupBuilder MapResumeListener(this RouteGroupBuilder faults, OperationsHooks hooks)
    {
        faults.MapPost("/listeners/resume", Resume).WithName("OpsResumeListener").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Resume consuming a queue")
            .WithRequestExample(new ListenerRequest(hooks.ExampleQueue));
        return faults;
    }

    private static async Task<Results<Ok<ListenerState>, ProblemHttpResult>> Resume(
        ListenerRequest request, FaultInjectionControl control, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await control.ResumeAsync(request, user.Identity!.Name!, cancellationToken) is { } state
            ? TypedResults.Ok(state)
            : NoSuchListener.Problem(request.Queue);
}

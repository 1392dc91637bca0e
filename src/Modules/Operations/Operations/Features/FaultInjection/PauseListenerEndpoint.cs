using System.Security.Claims;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.FaultInjection;

/// <summary><c>POST {ops}/listeners/pause</c>: stop consuming a queue, so messages pile up in RabbitMQ.</summary>
internal static class PauseListenerEndpoint
{
    public static RouteGroupBuilder MapPauseListener(this RouteGroupBuilder faults, OperationsHooks hooks)
    {
        faults.MapPost("/listeners/pause", Pause).WithName("OpsPauseListener").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Stop consuming a queue (messages pile up in RabbitMQ)")
            .WithRequestExample(new ListenerRequest(hooks.ExampleQueue));
        return faults;
    }

    private static async Task<Results<Ok<ListenerState>, ProblemHttpResult>> Pause(
        ListenerRequest request, FaultInjectionControl control, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await control.PauseAsync(request, user.Identity!.Name!, cancellationToken) is { } state
            ? TypedResults.Ok(state)
            : NoSuchListener.Problem(request.Queue);
}

internal static class NoSuchListener
{
    public static ProblemHttpResult Problem(string queue) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such listener",
            detail: $"This service does not listen to queue '{queue}'.");
}

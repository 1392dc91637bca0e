using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.CancelRetry;

/// <summary><c>POST {ops}/retries/{id}/cancel</c>: stop a retry run after its batch in flight.</summary>
internal static class CancelRetryEndpoint
{
    public static RouteGroupBuilder MapCancelRetry(this RouteGroupBuilder act)
    {
        act.MapPost("/retries/{id:guid}/cancel", CancelRetry).WithName("OpsCancelRetry").WithSummary("Stop a retry run after its batch in flight")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return act;
    }

    private static async Task<Results<Ok<RetryRunRecord>, ProblemHttpResult>> CancelRetry(
        Guid id, RetryCancellation cancellation, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await cancellation.CancelAsync(id, user.Identity!.Name!, cancellationToken)).ToResult(TypedResults.Ok);
}

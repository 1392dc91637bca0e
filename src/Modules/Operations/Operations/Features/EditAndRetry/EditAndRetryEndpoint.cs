using System.Security.Claims;
using System.Text.Json;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.EditAndRetry;

internal sealed record EditAndRetryRequest(JsonElement Body);

/// <summary><c>POST {ops}/dead-letters/{id}/edit-and-retry</c>: replace a failed message's body and retry it.</summary>
internal static class EditAndRetryEndpoint
{
    public static RouteGroupBuilder MapEditAndRetry(this RouteGroupBuilder act)
    {
        act.MapPost("/dead-letters/{id:guid}/edit-and-retry", EditAndRetry).WithName("OpsEditAndRetry").ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict).WithSummary("Replace the body (validated against the message type) and retry; the original is kept")
            .WithRequestExample(new EditAndRetryRequest(JsonSerializer.SerializeToElement(
                new { orderId = OperationsRoutes.ExampleMessageId, userId = ContractOpenApi.UserIdExample, amount = 25m })));
        return act;
    }

    private static async Task<Results<Accepted<RetryRunRecord>, ProblemHttpResult>> EditAndRetry(
        Guid id, EditAndRetryRequest request, DeadLetterEditor editor, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await editor.EditAndRetryAsync(id, request.Body, user.Identity!.Name!, cancellationToken))
            .ToResult(run => TypedResults.Accepted($"retries/{run.Id}", run));
}

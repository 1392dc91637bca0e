using System.Security.Claims;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.StartRetry;

internal sealed record RetryRequest(
    Guid[]? MessageIds = null, DeadLetterFilter? Filter = null, bool? All = null, int BatchSize = 100, int PauseMs = 0)
{
    public DeadLetterSelection Selection => new(MessageIds, Filter, All);

    public void Validate()
    {
        Selection.Validate();
        if (BatchSize is < 1 or > RetryRunner.MaxBatchSize)
        {
            throw DeadLetterSelection.Invalid("batchSize", $"'batchSize' must be between 1 and {RetryRunner.MaxBatchSize}.");
        }

        if (PauseMs is < 0 or > RetryRunner.MaxPauseMs)
        {
            throw DeadLetterSelection.Invalid("pauseMs", $"'pauseMs' must be between 0 and {RetryRunner.MaxPauseMs}.");
        }
    }
}

/// <summary><c>POST {ops}/retries</c>: retry a selection in batches of a chosen size at a chosen pace.</summary>
internal static class StartRetryEndpoint
{
    public static RouteGroupBuilder MapStartRetry(this RouteGroupBuilder act)
    {
        act.MapPost("/retries", StartRetry).WithName("OpsStartRetry").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Retry a selection in batches of a chosen size at a chosen pace")
            .WithRequestExample(new RetryRequest(MessageIds: [OperationsRoutes.ExampleMessageId], BatchSize: 10, PauseMs: 1000));
        return act;
    }

    private static async Task<Accepted<RetryRunRecord>> StartRetry(
        RetryRequest request, RetryRunner runner, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        request.Validate();
        var run = await runner.StartAsync(request.Selection, request.BatchSize, request.PauseMs, user.Identity!.Name!, cancellationToken);
        return TypedResults.Accepted($"retries/{run.Id}", run);
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.GetRetry;

internal sealed record RetryRunDetails(RetryRunRecord Run, Page<RetryRunMessage> Messages);

/// <summary><c>GET {ops}/retries/{id}</c>: a retry run's progress and each message's outcome.</summary>
internal static class GetRetryEndpoint
{
    public static RouteGroupBuilder MapGetRetry(this RouteGroupBuilder read)
    {
        read.MapGet("/retries/{id:guid}", GetRetry).WithName("OpsGetRetry").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("A retry run's progress and each message's outcome");
        return read;
    }

    private static async Task<Results<Ok<RetryRunDetails>, ProblemHttpResult>> GetRetry(
        Guid id, OperationsStore store, CancellationToken cancellationToken, string? outcome = null, int? page = null, int? pageSize = null)
    {
        var run = await store.RunAsync(id, cancellationToken);
        if (run is null)
        {
            return OperationProblem.NoSuchRun(id).ToResult();
        }

        var (p, size) = Paging.Of(page, pageSize);
        var messages = await store.RunMessagesAsync(id, string.IsNullOrWhiteSpace(outcome) ? null : outcome, p, size, cancellationToken);
        return TypedResults.Ok(new RetryRunDetails(run, messages));
    }
}

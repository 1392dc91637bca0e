using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.ListRetries;

/// <summary><c>GET {ops}/retries</c>: retry runs, newest first.</summary>
internal static class ListRetriesEndpoint
{
    public static RouteGroupBuilder MapListRetries(this RouteGroupBuilder read)
    {
        read.MapGet("/retries", ListRetries).WithName("OpsListRetries").WithSummary("Retry runs, newest first");
        return read;
    }

    private static async Task<Ok<Page<RetryRunRecord>>> ListRetries(
        OperationsStore store, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var (p, size) = Paging.Of(page, pageSize);
        return TypedResults.Ok(await store.RunPageAsync(p, size, cancellationToken));
    }
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.ListAudit;

/// <summary><c>GET {ops}/audit</c>: every operator action — who, when, what, result.</summary>
internal static class ListAuditEndpoint
{
    public static RouteGroupBuilder MapListAudit(this RouteGroupBuilder read)
    {
        read.MapGet("/audit", ListAudit).WithName("OpsListAudit").WithSummary("Every operator action: who, when, what, result");
        return read;
    }

    private static async Task<Ok<Page<AuditEntry>>> ListAudit(
        OperationsStore store, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var (p, size) = Paging.Of(page, pageSize);
        return TypedResults.Ok(await store.AuditPageAsync(p, size, cancellationToken));
    }
}

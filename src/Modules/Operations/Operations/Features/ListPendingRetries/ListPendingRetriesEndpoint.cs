using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Wolverine.Persistence.Durability.ScheduledMessageManagement;
using Wolverine.Runtime;

namespace HsePayord.Modules.Operations.Features.ListPendingRetries;

internal sealed record PendingRetry(Guid Id, string MessageType, string? Destination, string? Queue, DateTimeOffset? NextAttemptAt, int Attempts, DateTimeOffset SentAt);

/// <summary><c>GET {ops}/pending-retries</c>: messages waiting for a scheduled (delayed) retry.</summary>
internal static class ListPendingRetriesEndpoint
{
    public static RouteGroupBuilder MapListPendingRetries(this RouteGroupBuilder read)
    {
        read.MapGet("/pending-retries", ListPendingRetries).WithName("OpsListPendingRetries").WithSummary("Messages waiting for a scheduled (delayed) retry");
        return read;
    }

    private static async Task<Ok<Page<PendingRetry>>> ListPendingRetries(
        IWolverineRuntime runtime, CancellationToken cancellationToken, int? page = null, int? pageSize = null)
    {
        var (p, size) = Paging.Of(page, pageSize);
        var results = await runtime.Storage.ScheduledMessages.QueryAsync(
            new ScheduledMessageQuery { PageNumber = p, PageSize = size }, cancellationToken);
        return TypedResults.Ok(new Page<PendingRetry>(
            results.Messages.Select(m => new PendingRetry(m.Id, m.MessageType ?? "", m.Destination, DeadLetterViews.QueueOf(m.Destination),
                m.ScheduledTime, m.Attempts, m.SentAt)).ToList(),
            results.TotalCount, p, size));
    }
}

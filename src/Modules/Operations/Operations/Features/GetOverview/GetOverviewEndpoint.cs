using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Wolverine.Runtime;

namespace HsePayord.Modules.Operations.Features.GetOverview;

internal sealed record Overview(
    string Service,
    string? RabbitMqVirtualHost,
    int DeadLetters,
    int Archived,
    int PendingRetries,
    int Incoming,
    int Outgoing,
    int Handled,
    bool FaultInjection,
    TimeSpan ArchivedRetention);

/// <summary><c>GET {ops}/overview</c>: the counts the page opens with.</summary>
internal static class GetOverviewEndpoint
{
    public static RouteGroupBuilder MapGetOverview(this RouteGroupBuilder read)
    {
        read.MapGet("/overview", GetOverview).WithName("OpsOverview").WithSummary("Counts: dead letters, archived, pending retries, envelopes in flight");
        return read;
    }

    private static async Task<Ok<Overview>> GetOverview(
        IWolverineRuntime runtime, DeadLetterReader deadLetters, IOptions<OperationsOptions> options, RabbitMqVirtualHost vhost,
        CancellationToken cancellationToken)
    {
        var counts = await runtime.Storage.Admin.FetchCountsAsync();
        var live = await deadLetters.CountAsync(archived: false, cancellationToken);
        var archived = await deadLetters.CountAsync(archived: true, cancellationToken);
        return TypedResults.Ok(new Overview(runtime.Options.ServiceName, vhost.Name, live, archived, counts.Scheduled,
            counts.Incoming, counts.Outgoing, counts.Handled, options.Value.FaultInjection, options.Value.ArchivedRetention));
    }
}

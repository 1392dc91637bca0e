using HsePayord.BuildingBlocks.Web.OpenApi;
using HsePayord.Modules.Operations.Features.ArchiveDeadLetters;
using HsePayord.Modules.Operations.Features.CancelRetry;
using HsePayord.Modules.Operations.Features.EditAndRetry;
using HsePayord.Modules.Operations.Features.FaultInjection;
using HsePayord.Modules.Operations.Features.GetDeadLetter;
using HsePayord.Modules.Operations.Features.GetMonitoring;
using HsePayord.Modules.Operations.Features.GetOverview;
using HsePayord.Modules.Operations.Features.GetRetry;
using HsePayord.Modules.Operations.Features.GetSignedInOperator;
using HsePayord.Modules.Operations.Features.ListAudit;
using HsePayord.Modules.Operations.Features.ListDeadLetterGroups;
using HsePayord.Modules.Operations.Features.ListDeadLetters;
using HsePayord.Modules.Operations.Features.ListPendingRetries;
using HsePayord.Modules.Operations.Features.ListRetries;
using HsePayord.Modules.Operations.Features.RestoreDeadLetters;
using HsePayord.Modules.Operations.Features.StartRetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.Modules.Operations.Features;

/// <summary>
/// The operations API over Wolverine's message store (dead letters, scheduled retries, counts): one set of routes per
/// host, under the host's own public prefix. Reading needs an operator or viewer, acting needs an operator. The order
/// below is the order of the OpenAPI document.
/// </summary>
internal static class OperationsRoutes
{
    // Examples a Postman user can send as they are: naming one message that does not exist, they change nothing.
    public static readonly Guid ExampleMessageId = Guid.Parse("0198f3c2-7c1e-7d3a-9b4e-2f6a1c8d5e01");

    public static IServiceCollection AddOperationsFeatures(this IServiceCollection services) => services
        .AddSingleton<DeadLetterReader>()
        .AddSingleton<DeadLetterEditor>()
        .AddSingleton<DeadLetterActions>()
        .AddSingleton<RetryCancellation>()
        .AddSingleton<FaultInjectionControl>();

    public static RouteGroupBuilder MapOperationsRoutes(this RouteGroupBuilder ops, bool faultInjection)
    {
        ops.WithTagDescription("Operations",
            "Operators only (HTTP Basic; role viewer reads, operator acts): failed messages of this host, grouped and in detail; paced, batched retries with their outcomes; archive and restore; the audit of operator actions; live numbers per queue.");
        var read = ops.MapGroup("").RequireAuthorization(OperationsPolicies.Read)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized);
        var act = ops.MapGroup("").RequireAuthorization(OperationsPolicies.Act)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        read.MapGetSignedInOperator();
        read.MapGetOverview();
        read.MapListDeadLetters();
        read.MapListDeadLetterGroups();
        read.MapGetDeadLetter();
        act.MapEditAndRetry();
        act.MapArchiveDeadLetters();
        act.MapRestoreDeadLetters();
        act.MapStartRetry();
        read.MapListRetries();
        read.MapGetRetry();
        act.MapCancelRetry();
        read.MapListPendingRetries();
        read.MapGetMonitoring();
        read.MapListAudit();
        if (faultInjection)
        {
            ops.MapFaultInjection();
        }

        return ops;
    }
}

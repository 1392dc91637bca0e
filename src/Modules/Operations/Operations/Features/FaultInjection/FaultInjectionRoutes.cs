using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.Modules.Operations.Features.FaultInjection;

/// <summary>Demo fault injection's routes, mapped only where configuration enables it; acting needs an operator.</summary>
internal static class FaultInjectionRoutes
{
    public static RouteGroupBuilder MapFaultInjection(this RouteGroupBuilder ops)
    {
        var faults = ops.MapGroup("").RequireAuthorization(OperationsPolicies.Act)
            .WithTagDescription("Operations: fault injection", "Demo fault injection, present only where configuration enables it: make the next messages of a type fail, pause and resume a listener (this replica only).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        var hooks = ((IEndpointRouteBuilder)ops).ServiceProvider.GetRequiredService<OperationsHooks>();
        faults.MapGetFaults();
        faults.MapArmFault(hooks);
        faults.MapClearFaults();
        faults.MapPauseListener(hooks);
        faults.MapResumeListener(hooks);
        return ops;
    }
}

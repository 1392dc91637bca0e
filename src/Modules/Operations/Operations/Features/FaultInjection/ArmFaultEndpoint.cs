using System.Security.Claims;
using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.FaultInjection;

/// <summary><c>POST {ops}/faults</c>: make the next N messages of a type fail, permanently or transiently.</summary>
internal static class ArmFaultEndpoint
{
    public static RouteGroupBuilder MapArmFault(this RouteGroupBuilder faults, OperationsHooks hooks)
    {
        var targets = hooks.FaultTargets;
        faults.MapPost("/faults", Arm).WithName("OpsArmFault").WithSummary("Make the next N messages of a type fail, permanently or transiently")
            .WithRequestExample(new ArmFaultRequest(targets.Count > 0 ? targets[0].FullName! : "", 1, FaultKind.Transient));
        return faults;
    }

    private static async Task<Created<ArmedFault>> Arm(
        ArmFaultRequest request, FaultInjectionControl control, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Created("faults", await control.ArmAsync(request, user.Identity!.Name!, cancellationToken));
}

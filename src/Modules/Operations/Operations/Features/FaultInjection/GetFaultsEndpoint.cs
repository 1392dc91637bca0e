using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.FaultInjection;

/// <summary><c>GET {ops}/faults</c>: fault targets, armed faults and listeners.</summary>
internal static class GetFaultsEndpoint
{
    public static RouteGroupBuilder MapGetFaults(this RouteGroupBuilder faults)
    {
        faults.MapGet("/faults", GetState).WithName("OpsGetFaults").WithSummary("Fault targets, armed faults and listeners (demo fault injection)");
        return faults;
    }

    private static Ok<FaultInjectionState> GetState(FaultInjectionControl control) => TypedResults.Ok(control.State());
}

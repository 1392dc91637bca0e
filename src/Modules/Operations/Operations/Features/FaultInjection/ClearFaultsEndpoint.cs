using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.FaultInjection;

/// <summary><c>DELETE {ops}/faults</c>: disarm every fault.</summary>
internal static class ClearFaultsEndpoint
{
    public static RouteGroupBuilder MapClearFaults(this RouteGroupBuilder faults)
    {
        faults.MapDelete("/faults", Clear).WithName("OpsClearFaults").WithSummary("Disarm every fault; messages it claimed go through when retried");
        return faults;
    }

    private static async Task<Ok<FaultInjectionState>> Clear(
        FaultInjectionControl control, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok(await control.ClearAsync(user.Identity!.Name!, cancellationToken));
}

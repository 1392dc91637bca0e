using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.GetSignedInOperator;

internal sealed record SignedInOperator(string Name, string Role, bool CanAct);

/// <summary><c>GET {ops}/me</c>: who is signed in, and whether they may act.</summary>
internal static class GetSignedInOperatorEndpoint
{
    public static RouteGroupBuilder MapGetSignedInOperator(this RouteGroupBuilder read)
    {
        read.MapGet("/me", Me).WithName("OpsMe").WithSummary("Who is signed in, and whether they may act");
        return read;
    }

    private static Ok<SignedInOperator> Me(ClaimsPrincipal user) =>
        TypedResults.Ok(new SignedInOperator(user.Identity!.Name!, user.FindFirstValue(ClaimTypes.Role)!, user.IsInRole(OperationsRoles.Operator)));
}

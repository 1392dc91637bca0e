using Microsoft.AspNetCore.SignalR;

namespace HsePayord.BuildingBlocks.Web;

/// <summary>Hub methods fail the way endpoints do: the same problem mapping, surfaced as a <see cref="HubException"/>.</summary>
public sealed class ProblemHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception exception) when (ProblemExceptionHandler.ToProblem(exception) is { } problem)
        {
            throw new HubException($"{problem.Title}: {problem.Detail}", exception);
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;
using HsePayord.BuildingBlocks.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.SignalR;

namespace HsePayord.BuildingBlocks.Web;

/// <summary>
/// Hub methods fail the way endpoints do: the same problem mapping, surfaced as a <see cref="HubException"/> whose
/// message is the problem as JSON (<c>status</c>, <c>title</c>, <c>detail</c>, and <c>errors</c> for validation
/// problems), so a client can show each error next to its field instead of parsing prose.
/// </summary>
public sealed class ProblemHubFilter : IHubFilter
{
    private static readonly JsonSerializerOptions ProblemJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public async ValueTask<object?> InvokeMethodAsync(
        HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        try
        {
            return await next(invocationContext);
        }
        catch (Exception exception) when (ProblemExceptionHandler.ToProblem(exception) is { } problem)
        {
            var errors = (problem as HttpValidationProblemDetails)?.Errors.ToDictionary(e => HubFieldName(e.Key), e => e.Value);
            var hubProblem = new HubProblem(problem.Status!.Value, problem.Title!, problem.Detail, errors);
            throw new HubException(JsonSerializer.Serialize(hubProblem, ProblemJson), exception);
        }
    }

    // Over REST the key travels as the Idempotency-Key header and its errors are keyed so; in a hub call it is the
    // argument's idempotencyKey field.
    private static string HubFieldName(string field) =>
        field == ContractRules.IdempotencyKeyHeader ? "idempotencyKey" : field;

    private sealed record HubProblem(int Status, string Title, string? Detail, IDictionary<string, string[]>? Errors);
}

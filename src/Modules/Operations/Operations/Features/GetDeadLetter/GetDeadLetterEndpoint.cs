using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace HsePayord.Modules.Operations.Features.GetDeadLetter;

/// <summary><c>GET {ops}/dead-letters/{id}</c>: one failed message with its headers, body, exception and edits.</summary>
internal static class GetDeadLetterEndpoint
{
    public static RouteGroupBuilder MapGetDeadLetter(this RouteGroupBuilder read)
    {
        read.MapGet("/dead-letters/{id:guid}", GetDeadLetter).WithName("OpsGetDeadLetter").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("One failed message: headers, body, exception, edits");
        return read;
    }

    private static async Task<Results<Ok<DeadLetterDetails>, ProblemHttpResult>> GetDeadLetter(
        Guid id, DeadLetterReader deadLetters, CancellationToken cancellationToken) =>
        await deadLetters.DetailsAsync(id, cancellationToken) is { } details
            ? TypedResults.Ok(details)
            : OperationProblem.NoSuchDeadLetter(id).ToResult();
}

using System.Globalization;
using System.Text.Json;
using FluentValidation;
using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Idempotency;
using HsePayord.BuildingBlocks.Persistence;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace HsePayord.BuildingBlocks.Web;

/// <summary>The one place where exceptions become RFC 9457 problem responses.</summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = ToProblem(exception);
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        if (RetryAfter(exception, problem) is { } retryAfter)
        {
            httpContext.Response.Headers.RetryAfter = retryAfter;
        }

        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    // A 503 invites many clients back after a second rather than all at once; an overload says when itself.
    private static string? RetryAfter(Exception exception, ProblemDetails problem) => exception switch
    {
        OverloadedException overloaded => Math.Max(1, (int)Math.Ceiling(overloaded.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture),
        _ when problem.Status == StatusCodes.Status503ServiceUnavailable => "1",
        _ => null,
    };

    internal static ProblemDetails? ToProblem(Exception exception) => exception switch
    {
        ValidationException validation => new HttpValidationProblemDetails(ToErrors(validation))
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request is invalid",
            Detail = string.Join(" ", validation.Errors.Select(e => e.ErrorMessage).Distinct()),
        },
        BadHttpRequestException { InnerException: JsonException json } => new HttpValidationProblemDetails(
            new Dictionary<string, string[]> { [JsonField(json)] = [JsonMessage(json)] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "The request body is not valid JSON for this operation",
            Detail = JsonMessage(json),
        },
        BadHttpRequestException badRequest => new ProblemDetails
        {
            Status = badRequest.StatusCode,
            Title = "The request is invalid",
            Detail = badRequest.Message,
        },
        NotFoundException notFound => new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound, Title = notFound.Title, Detail = notFound.Message,
        },
        ConflictException conflict => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict, Title = conflict.Title, Detail = conflict.Message,
        },
        OverloadedException overloaded => Overloaded(overloaded.Message),
        IdempotencyKeyReusedException reused => new ProblemDetails
        {
            Status = StatusCodes.Status422UnprocessableEntity,
            Title = "Idempotency-Key reused with a different request",
            Detail = reused.Message,
        },
        _ when DatabaseFailures.IsTransient(exception) => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = "Temporarily unavailable",
            Detail = DatabaseFailures.IsPoolExhausted(exception)
                ? "The service is busy right now. Retry shortly; with the same Idempotency-Key a retry cannot apply twice."
                : "The database is unreachable right now. Retry shortly; with the same Idempotency-Key a retry cannot apply twice.",
        },
        _ => null,
    };

    internal static ProblemDetails Overloaded(string detail) => new()
    {
        Status = StatusCodes.Status429TooManyRequests, Title = "Too many orders at once", Detail = detail,
    };

    private static Dictionary<string, string[]> ToErrors(ValidationException validation) =>
        validation.Errors
            .GroupBy(e => IsHeaderName(e.PropertyName) ? e.PropertyName : JsonNamingPolicy.CamelCase.ConvertName(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    // Body fields are camelCase JSON names; a header (Idempotency-Key) keeps its own spelling.
    private static bool IsHeaderName(string name) => name.Contains('-', StringComparison.Ordinal);

    // "$.amount" → "amount"; a missing required property is named in the message; anything else is the body.
    private static string JsonField(JsonException json) =>
        json.Path is { Length: > 2 } path ? path[2..]
        : MissingProperty(json) is { } missing ? missing
        : "body";

    private static string JsonMessage(JsonException json) =>
        json.Path is { Length: > 2 } path ? $"'{path[2..]}' has the wrong type or format."
        : MissingProperty(json) is { } missing ? $"'{missing}' is required."
        : json.Message.Split(" Path:")[0];

    private static string? MissingProperty(JsonException json)
    {
        const string marker = "missing required properties including: '";
        var start = json.Message.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return null;
        }

        start += marker.Length;
        var end = json.Message.IndexOf('\'', start);
        return end > start ? json.Message[start..end] : null;
    }
}

using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace HsePayord.Modules.Operations.Features;

/// <summary>Why an operation was refused, in the words of its problem response.</summary>
internal sealed record OperationProblem(int Status, string Title, string Detail)
{
    public ProblemHttpResult ToResult() => TypedResults.Problem(statusCode: Status, title: Title, detail: Detail);

    public static OperationProblem NoSuchDeadLetter(Guid id) =>
        new(StatusCodes.Status404NotFound, "No such failed message", $"No dead letter with id {id} in this service.");

    public static OperationProblem NoSuchRun(Guid id) =>
        new(StatusCodes.Status404NotFound, "No such retry run", $"No retry run with id {id} in this service.");

    public static OperationProblem Conflict(string title, string detail) => new(StatusCodes.Status409Conflict, title, detail);
}

/// <summary>What an operation came to: its result, or the problem that stopped it.</summary>
internal readonly record struct Outcome<T>(T? Value, OperationProblem? Problem)
    where T : class
{
    public static implicit operator Outcome<T>(T value) => new(value, null);

    /// <summary>The response: <paramref name="respond"/> to the result, or the problem.</summary>
    public Results<TResult, ProblemHttpResult> ToResult<TResult>(Func<T, TResult> respond)
        where TResult : IResult =>
        Value is { } value ? respond(value) : Problem!.ToResult();

    public static implicit operator Outcome<T>(OperationProblem problem) => new(null, problem);
}

using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace HsePayord.IntegrationTests;

/// <summary>
/// The problem a failed hub invocation carries: SignalR puts the server's <see cref="HubException"/> message after
/// "HubException: ", and that message is the problem as JSON, shaped like the REST problem+json.
/// </summary>
public sealed record HubProblem(int Status, string Title, string Detail, IReadOnlyDictionary<string, string[]>? Errors)
{
    private const string Marker = "HubException: ";

    public static HubProblem From(HubException error)
    {
        var start = error.Message.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"not a HubException from the server: {error.Message}");
        var json = error.Message[(start + Marker.Length)..];
        var problem = JsonSerializer.Deserialize<HubProblem>(json, Api.Json);
        Assert.NotNull(problem);
        Assert.False(string.IsNullOrWhiteSpace(problem.Title), json);
        Assert.False(string.IsNullOrWhiteSpace(problem.Detail), json);
        return problem;
    }

    /// <summary>The messages for <paramref name="field"/>; fails unless the problem names that field (and only it).</summary>
    public string[] ErrorsFor(string field)
    {
        Assert.NotNull(Errors);
        Assert.Equal([field], Errors.Keys);
        Assert.NotEmpty(Errors[field]);
        return Errors[field];
    }
}

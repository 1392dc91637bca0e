using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.Modules.Operations.Contracts;

/// <summary>What a message is about, in the module's words (e.g. kind "order" and the order id).</summary>
public sealed record MessageSubject(string Kind, string Id);

/// <summary>
/// The module's words for the shared operations mechanics: which business object a message concerns (so the page can
/// link to it), and which message types demo fault injection may target.
/// </summary>
public sealed class OperationsHooks
{
    public Func<object, MessageSubject?> SubjectOf { get; init; } = _ => null;

    public IReadOnlyList<Type> FaultTargets { get; init; } = [];

    /// <summary>The queue this module consumes, named in the examples of the listener pause and resume routes.</summary>
    public string ExampleQueue { get; init; } = "";
}

public static class OperationsHooksRegistration
{
    public static IServiceCollection AddOperationsHooks(this IServiceCollection services, OperationsHooks hooks) =>
        services.AddSingleton(hooks);
}

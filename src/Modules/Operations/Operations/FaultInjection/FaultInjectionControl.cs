using Wolverine.Runtime;
using Wolverine.Transports;

namespace HsePayord.Modules.Operations.FaultInjection;

internal sealed record FaultInjectionState(IReadOnlyList<string> Targets, IReadOnlyList<ArmedFault> Armed, IReadOnlyList<ListenerState> Listeners);

internal sealed record ArmFaultRequest(string MessageType, int Count = 1, FaultKind Kind = FaultKind.Permanent);

internal sealed record ListenerRequest(string Queue);

internal sealed record ListenerState(string Uri, string? Queue, string Status);

/// <summary>
/// Demo fault injection, audited: make the next N messages of a type fail, and pause or resume a listener so its queue
/// grows and drains in the RabbitMQ UI. Both act on this replica only.
/// </summary>
internal sealed class FaultInjectionControl(FaultInjector injector, OperationsHooks hooks, IWolverineRuntime runtime, OperationsStore store)
{
    public const int MaxCount = 10_000;

    public FaultInjectionState State() => new(
        hooks.FaultTargets.Select(t => t.FullName!).ToList(),
        injector.Armed(),
        runtime.Endpoints.ActiveListeners().OfType<ListeningAgent>().Select(View).Where(l => l.Queue is not null).ToList());

    public async Task<ArmedFault> ArmAsync(ArmFaultRequest request, string actor, CancellationToken cancellationToken)
    {
        var target = hooks.FaultTargets.FirstOrDefault(t => t.FullName == request.MessageType || t.Name == request.MessageType)
            ?? throw DeadLetterSelection.Invalid("messageType",
                $"'messageType' must be one of: {string.Join(", ", hooks.FaultTargets.Select(t => t.FullName))}.");
        if (request.Count is < 1 or > MaxCount)
        {
            throw DeadLetterSelection.Invalid("count", $"'count' must be between 1 and {MaxCount}.");
        }

        if (!Enum.IsDefined(request.Kind))
        {
            throw DeadLetterSelection.Invalid("kind", "'kind' must be Permanent or Transient.");
        }

        var fault = injector.Arm(target, request.Kind, request.Count, actor);
        await store.AuditAsync(actor, "inject-fault", target.FullName!, $"next {request.Count} fail {request.Kind.ToString().ToLowerInvariant()}ly", cancellationToken);
        return fault;
    }

    public async Task<FaultInjectionState> ClearAsync(string actor, CancellationToken cancellationToken)
    {
        var cleared = injector.Clear();
        await store.AuditAsync(actor, "clear-faults", "all faults", $"{cleared} faults disarmed", cancellationToken);
        return State();
    }

    public Task<ListenerState?> PauseAsync(ListenerRequest request, string actor, CancellationToken cancellationToken) =>
        ControlAsync(request, "pause-listener", agent => agent.StopAndDrainAsync(), actor, cancellationToken);

    public Task<ListenerState?> ResumeAsync(ListenerRequest request, string actor, CancellationToken cancellationToken) =>
        ControlAsync(request, "resume-listener", agent => agent.StartAsync(), actor, cancellationToken);

    /// <returns>The listener's state afterwards, or null where this service does not listen to the queue.</returns>
    private async Task<ListenerState?> ControlAsync(
        ListenerRequest request, string action, Func<ListeningAgent, ValueTask> control, string actor, CancellationToken cancellationToken)
    {
        var agent = runtime.Endpoints.ActiveListeners().OfType<ListeningAgent>()
            .FirstOrDefault(a => DeadLetterViews.QueueOf(a.Uri.ToString()) == request.Queue);
        if (agent is null)
        {
            return null;
        }

        await control(agent);
        var state = View(agent);
        await store.AuditAsync(actor, action, request.Queue, $"listener {state.Status.ToLowerInvariant()}", cancellationToken);
        return state;
    }

    private static ListenerState View(ListeningAgent agent) =>
        new(agent.Uri.ToString(), DeadLetterViews.QueueOf(agent.Uri.ToString()), agent.Status.ToString());
}

using HsePayord.BuildingBlocks.Web.OpenApi;
using Microsoft.Extensions.DependencyInjection;
using System.Security.Claims;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace HsePayord.BuildingBlocks.Operations;

public sealed record FaultInjectionState(IReadOnlyList<string> Targets, IReadOnlyList<ArmedFault> Armed, IReadOnlyList<ListenerState> Listeners);

public sealed record ArmFaultRequest(string MessageType, int Count = 1, FaultKind Kind = FaultKind.Permanent);

public sealed record ListenerRequest(string Queue);

public sealed record ListenerState(string Uri, string? Queue, string Status);

/// <summary>
/// Demo fault injection, mapped only where configuration enables it: make the next N messages of a type fail, and
/// pause or resume a listener so its queue grows and drains in the RabbitMQ UI. Both act on this replica only.
/// </summary>
internal static class FaultInjectionApi
{
    public const int MaxCount = 10_000;

    public static RouteGroupBuilder MapFaultInjectionApi(this RouteGroupBuilder ops)
    {
        var faults = ops.MapGroup("").RequireAuthorization(OperationsPolicies.Act)
            .WithTagDescription("Operations: fault injection", "Demo fault injection, present only where configuration enables it: make the next messages of a type fail, pause and resume a listener (this replica only).")
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        faults.MapGet("/faults", GetState).WithName("OpsGetFaults").WithSummary("Fault targets, armed faults and listeners (demo fault injection)");
        var hooks = ((IEndpointRouteBuilder)ops).ServiceProvider.GetRequiredService<OperationsHooks>();
        var targets = hooks.FaultTargets;
        faults.MapPost("/faults", Arm).WithName("OpsArmFault").WithSummary("Make the next N messages of a type fail, permanently or transiently")
            .WithRequestExample(new ArmFaultRequest(targets.Count > 0 ? targets[0].FullName! : "", 1, FaultKind.Transient));
        faults.MapDelete("/faults", Clear).WithName("OpsClearFaults").WithSummary("Disarm every fault; messages it claimed go through when retried");
        faults.MapPost("/listeners/pause", Pause).WithName("OpsPauseListener").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Stop consuming a queue (messages pile up in RabbitMQ)")
            .WithRequestExample(new ListenerRequest(hooks.ExampleQueue));
        faults.MapPost("/listeners/resume", Resume).WithName("OpsResumeListener").ProducesProblem(StatusCodes.Status404NotFound).WithSummary("Resume consuming a queue")
            .WithRequestExample(new ListenerRequest(hooks.ExampleQueue));
        return ops;
    }

    private static Ok<FaultInjectionState> GetState(FaultInjector injector, OperationsHooks hooks, IWolverineRuntime runtime) =>
        TypedResults.Ok(State(injector, hooks, runtime));

    private static async Task<Created<ArmedFault>> Arm(
        ArmFaultRequest request, FaultInjector injector, OperationsHooks hooks, OperationsStore store, ClaimsPrincipal user,
        CancellationToken cancellationToken)
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

        var actor = user.Identity!.Name!;
        var fault = injector.Arm(target, request.Kind, request.Count, actor);
        await store.AuditAsync(actor, "inject-fault", target.FullName!, $"next {request.Count} fail {request.Kind.ToString().ToLowerInvariant()}ly", cancellationToken);
        return TypedResults.Created("faults", fault);
    }

    private static async Task<Ok<FaultInjectionState>> Clear(
        FaultInjector injector, OperationsHooks hooks, IWolverineRuntime runtime, OperationsStore store, ClaimsPrincipal user,
        CancellationToken cancellationToken)
    {
        var cleared = injector.Clear();
        await store.AuditAsync(user.Identity!.Name!, "clear-faults", "all faults", $"{cleared} faults disarmed", cancellationToken);
        return TypedResults.Ok(State(injector, hooks, runtime));
    }

    private static Task<Results<Ok<ListenerState>, ProblemHttpResult>> Pause(
        ListenerRequest request, IWolverineRuntime runtime, OperationsStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ControlAsync(request, "pause-listener", agent => agent.StopAndDrainAsync(), runtime, store, user, cancellationToken);

    private static Task<Results<Ok<ListenerState>, ProblemHttpResult>> Resume(
        ListenerRequest request, IWolverineRuntime runtime, OperationsStore store, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ControlAsync(request, "resume-listener", agent => agent.StartAsync(), runtime, store, user, cancellationToken);

    private static async Task<Results<Ok<ListenerState>, ProblemHttpResult>> ControlAsync(
        ListenerRequest request, string action, Func<ListeningAgent, ValueTask> control, IWolverineRuntime runtime,
        OperationsStore store, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var agent = runtime.Endpoints.ActiveListeners().OfType<ListeningAgent>()
            .FirstOrDefault(a => DeadLetterViews.QueueOf(a.Uri.ToString()) == request.Queue);
        if (agent is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such listener",
                detail: $"This service does not listen to queue '{request.Queue}'.");
        }

        await control(agent);
        var state = View(agent);
        await store.AuditAsync(user.Identity!.Name!, action, request.Queue, $"listener {state.Status.ToLowerInvariant()}", cancellationToken);
        return TypedResults.Ok(state);
    }

    private static FaultInjectionState State(FaultInjector injector, OperationsHooks hooks, IWolverineRuntime runtime) => new(
        hooks.FaultTargets.Select(t => t.FullName!).ToList(),
        injector.Armed(),
        runtime.Endpoints.ActiveListeners().OfType<ListeningAgent>().Select(View).Where(l => l.Queue is not null).ToList());

    private static ListenerState View(ListeningAgent agent) =>
        new(agent.Uri.ToString(), DeadLetterViews.QueueOf(agent.Uri.ToString()), agent.Status.ToString());
}

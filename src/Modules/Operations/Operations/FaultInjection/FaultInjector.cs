using HsePayord.BuildingBlocks.Messaging;
using Wolverine;

namespace HsePayord.Modules.Operations.FaultInjection;

/// <summary>
/// Thrown by demo fault injection for a message made to fail permanently: no retry can help while the fault is armed,
/// so retry policies may send it straight to the dead letters.
/// </summary>
internal sealed class InjectedPermanentFaultException(string message) : PermanentMessageFailureException(message);

internal enum FaultKind
{
    /// <summary>The message fails every time (<see cref="InjectedPermanentFaultException"/>) until the faults are cleared.</summary>
    Permanent = 1,

    /// <summary>The message fails its first few attempts with a <see cref="TimeoutException"/>, then succeeds.</summary>
    Transient = 2,
}

internal sealed record ArmedFault(Guid Id, string MessageType, FaultKind Kind, int Requested, int Remaining, int Claimed, DateTimeOffset ArmedAt, string ArmedBy);

/// <summary>
/// Demo fault injection, in memory of this process: "the next N messages of type T fail". A message is claimed by
/// value (the same message replayed is the same message), so a permanent fault keeps failing it on every retry until
/// the faults are cleared, and a batch that is split up still fails only for its claimed members. Public, like the
/// middleware, because the hosts' generated handler code names it.
/// </summary>
public sealed class FaultInjector(TimeProvider clock)
{
    /// <summary>How many times a message claimed by a transient fault fails before it goes through.</summary>
    internal const int TransientFailuresPerMessage = 4;

    private readonly object _gate = new();
    private readonly List<Fault> _armed = [];
    private readonly Dictionary<object, Claim> _claims = [];
    private volatile bool _active;

    internal ArmedFault Arm(Type messageType, FaultKind kind, int count, string armedBy)
    {
        lock (_gate)
        {
            var fault = new Fault(Guid.NewGuid(), messageType, kind, count, clock.GetUtcNow(), armedBy) { Remaining = count };
            _armed.Add(fault);
            _active = true;
            return fault.View();
        }
    }

    internal IReadOnlyList<ArmedFault> Armed()
    {
        lock (_gate)
        {
            return _armed.Select(f => f.View()).ToList();
        }
    }

    /// <summary>Disarms every fault; messages it claimed go through on their next attempt.</summary>
    internal int Clear()
    {
        lock (_gate)
        {
            var count = _armed.Count;
            _armed.Clear();
            _claims.Clear();
            _active = false;
            return count;
        }
    }

    internal void ThrowIfInjected(Envelope envelope)
    {
        if (!_active)
        {
            return;
        }

        object?[] messages = envelope.Message is object?[] batch ? batch : [envelope.Message];
        lock (_gate)
        {
            foreach (var message in messages)
            {
                if (message is null)
                {
                    continue;
                }

                if (!_claims.TryGetValue(message, out var claim))
                {
                    var fault = _armed.FirstOrDefault(f => f.Remaining > 0 && f.MessageType == message.GetType());
                    if (fault is null)
                    {
                        continue;
                    }

                    fault.Remaining--;
                    claim = _claims[message] = new Claim(fault);
                }

                claim.Failures++;
                if (claim.Fault.Kind == FaultKind.Permanent)
                {
                    throw new InjectedPermanentFaultException(
                        $"Injected permanent fault ({claim.Fault.ArmedBy}, {claim.Fault.Id}) for {message.GetType().Name}: {message}");
                }

                if (claim.Failures <= TransientFailuresPerMessage)
                {
                    throw new TimeoutException(
                        $"Injected transient fault ({claim.Failures} of {TransientFailuresPerMessage}) for {message.GetType().Name}: {message}");
                }
            }
        }
    }

    private sealed class Fault(Guid id, Type messageType, FaultKind kind, int requested, DateTimeOffset armedAt, string armedBy)
    {
        public Guid Id { get; } = id;
        public Type MessageType { get; } = messageType;
        public FaultKind Kind { get; } = kind;
        public string ArmedBy { get; } = armedBy;
        public int Remaining { get; set; }

        public ArmedFault View() =>
            new(Id, MessageType.FullName!, Kind, requested, Remaining, requested - Remaining, armedAt, ArmedBy);
    }

    private sealed class Claim(Fault fault)
    {
        public Fault Fault { get; } = fault;
        public int Failures { get; set; }
    }
}

/// <summary>
/// Wolverine middleware on every handler: lets <see cref="FaultInjector"/> fail a message on purpose. Always part of
/// the generated handler code (which must not depend on configuration); a no-op unless faults are armed.
/// </summary>
public static class FaultInjectionMiddleware
{
    public static void Before(Envelope envelope, FaultInjector faults) => faults.ThrowIfInjected(envelope);
}

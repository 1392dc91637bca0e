using System.Collections.Concurrent;

namespace HsePayord.BuildingBlocks.Messaging;

/// <summary>
/// The one message a host sends before it reports ready, to a queue of its own replica, so that the first order's
/// messages do not pay for compiling the path every message takes: the durable outbox, RabbitMQ's publish and
/// confirm, the listener, the durable inbox and a batch handler (<see cref="MessagingWarmUp"/>). It carries no
/// business data and its handler changes nothing; what it leaves is one outbox row (deleted once sent) and one handled
/// inbox row (deleted with the other handled rows after the retention).
/// </summary>
public sealed record WarmUpPing(Guid Id);

/// <summary>Public because Wolverine's handler code, generated into each host, calls it.</summary>
public static class WarmUpPingHandler
{
    public static void Handle(WarmUpPing[] pings, WarmUpPings sent)
    {
        foreach (var ping in pings)
        {
            sent.Returned(ping.Id);
        }
    }
}

/// <summary>The pings this replica has sent and is waiting for, and how many came back to it.</summary>
public sealed class WarmUpPings
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _awaited = new();
    private int _roundTrips;

    /// <summary>Pings this replica sent that came back to it (another replica's ping is not counted).</summary>
    public int RoundTrips => Volatile.Read(ref _roundTrips);

    internal Task Await(Guid id) =>
        _awaited.GetOrAdd(id, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    internal void Returned(Guid id)
    {
        if (_awaited.TryRemove(id, out var awaited))
        {
            Interlocked.Increment(ref _roundTrips);
            awaited.TrySetResult();
        }
    }
}

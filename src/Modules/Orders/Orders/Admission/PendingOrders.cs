using System.Collections.Concurrent;
using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Orders.Features;
using Microsoft.Extensions.Options;

namespace HsePayord.Modules.Orders.Admission;

/// <summary>
/// The orders this replica accepted that have not settled yet, and how fast its orders settle lately. Every replica
/// hears every status change (the live-update fanout), so an order accepted here is seen settling wherever it
/// settled. Admission control reads it; it is not a record of anything (the orders table is).
/// </summary>
internal sealed class PendingOrders(TimeProvider clock, IOptions<AdmissionOptions> options)
{
    // An order pending this long is stuck (its payment request was dead-lettered, or a fanout notice lost), not queued:
    // it no longer counts, or a few stuck orders would refuse everyone for good.
    internal static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan RateInterval = TimeSpan.FromMilliseconds(250);

    private readonly ConcurrentDictionary<Guid, long> _acceptedAt = new();
    private readonly Lock _sampling = new();
    private long _settled;
    private long _settledAtLastSample;
    private long _lastSample = clock.GetTimestamp();
    private long _lastPrune = clock.GetTimestamp();
    private double _settledPerSecond;

    public int Count => _acceptedAt.Count;

    /// <summary>Orders settled per second lately (smoothed over about a second).</summary>
    public double SettledPerSecond
    {
        get
        {
            Sample();
            return Volatile.Read(ref _settledPerSecond);
        }
    }

    /// <summary>How many unsettled orders this replica takes on now.</summary>
    public int Limit => Math.Max(
        options.Value.MinPendingOrders,
        (int)(SettledPerSecond * options.Value.TargetSettleTime.TotalSeconds));

    public bool HasRoom
    {
        get
        {
            PruneStuck();
            return _acceptedAt.Count < Limit;
        }
    }

    /// <summary>An order placed and committed here; a repeat of an already settled one (same idempotency key) is not pending.</summary>
    public void Accepted(OrderResponse order)
    {
        if (order.Status == OrderStatus.PaymentPending)
        {
            _acceptedAt.TryAdd(order.OrderId, clock.GetTimestamp());
        }
    }

    public void Settled(Guid orderId)
    {
        if (_acceptedAt.TryRemove(orderId, out _))
        {
            Interlocked.Increment(ref _settled);
        }
    }

    private void Sample()
    {
        var now = clock.GetTimestamp();
        if (clock.GetElapsedTime(Volatile.Read(ref _lastSample), now) < RateInterval)
        {
            return;
        }

        lock (_sampling)
        {
            var elapsed = clock.GetElapsedTime(_lastSample, now);
            if (elapsed < RateInterval)
            {
                return;
            }

            var settled = Interlocked.Read(ref _settled);
            var rate = (settled - _settledAtLastSample) / elapsed.TotalSeconds;
            // Half old, half new each quarter second: follows a change within a second, ignores one odd interval.
            Volatile.Write(ref _settledPerSecond, (_settledPerSecond + rate) / 2);
            _settledAtLastSample = settled;
            Volatile.Write(ref _lastSample, now);
        }
    }

    private void PruneStuck()
    {
        var now = clock.GetTimestamp();
        var last = Volatile.Read(ref _lastPrune);
        if (clock.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1) || Interlocked.CompareExchange(ref _lastPrune, now, last) != last)
        {
            return;
        }

        foreach (var (orderId, acceptedAt) in _acceptedAt)
        {
            if (clock.GetElapsedTime(acceptedAt, now) > StuckAfter)
            {
                _acceptedAt.TryRemove(orderId, out _);
            }
        }
    }
}

using System.Collections.Concurrent;
using HsePayord.Modules.Orders.Domain;
using HsePayord.Modules.Orders.Features;
using Microsoft.Extensions.Options;

namespace HsePayord.Modules.Orders.Admission;

/// <summary>
/// The orders this replica accepted that have not settled yet, and how long the oldest of them has been waiting.
/// Every replica hears every status change (the live-update fanout), so an order accepted here is seen settling
/// wherever it settled. Admission control reads it; it is not a record of anything (the orders table is).
/// </summary>
internal sealed class PendingOrders(TimeProvider clock, IOptions<AdmissionOptions> options)
{
    // An order pending this long is stuck (its payment request was dead-lettered, or a fanout notice lost), not queued:
    // it no longer counts, or a few stuck orders would refuse everyone for good.
    internal static readonly TimeSpan StuckAfter = TimeSpan.FromSeconds(10);

    // The oldest is found by a scan over at most a few hundred entries; under load it is reused for this long.
    private static readonly TimeSpan OldestReuse = TimeSpan.FromMilliseconds(5);

    private readonly ConcurrentDictionary<Guid, long> _acceptedAt = new();
    private long _lastPrune = clock.GetTimestamp();
    private long _oldestScannedAt; // 0: never
    private long _oldest;

    public int Count => _acceptedAt.Count;

    /// <summary>
    /// Room for one more: fewer than <see cref="AdmissionOptions.MinPendingOrders"/> are waiting, or the oldest has
    /// waited less than <see cref="AdmissionOptions.TargetSettleTime"/>, i.e. orders still settle in time. When the
    /// oldest has waited longer, the settle path is behind, and a new order would only wait longer still.
    /// </summary>
    public bool HasRoom
    {
        get
        {
            PruneStuck();
            return _acceptedAt.Count < options.Value.MinPendingOrders || OldestWait < options.Value.TargetSettleTime;
        }
    }

    /// <summary>How long the longest-waiting unsettled order has waited (zero when none waits).</summary>
    public TimeSpan OldestWait
    {
        get
        {
            var now = clock.GetTimestamp();
            var scannedAt = Volatile.Read(ref _oldestScannedAt);
            if (scannedAt == 0 || clock.GetElapsedTime(scannedAt, now) >= OldestReuse)
            {
                var oldest = now;
                foreach (var (_, acceptedAt) in _acceptedAt)
                {
                    oldest = Math.Min(oldest, acceptedAt);
                }

                Volatile.Write(ref _oldest, oldest);
                Volatile.Write(ref _oldestScannedAt, now);
            }

            return clock.GetElapsedTime(Volatile.Read(ref _oldest), now);
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

    public void Settled(Guid orderId) => _acceptedAt.TryRemove(orderId, out _);

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

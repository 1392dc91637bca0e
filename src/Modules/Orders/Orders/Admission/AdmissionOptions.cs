using System.ComponentModel.DataAnnotations;

namespace HsePayord.Modules.Orders.Admission;

/// <summary><c>Orders:Admission</c>: how much work a replica takes on before it sheds new orders with 429.</summary>
internal sealed class AdmissionOptions
{
    public const string Section = "Orders:Admission";

    /// <summary>
    /// How long accepted orders may wait to settle before new ones are refused: while the oldest unsettled order of
    /// the replica has waited less, orders settle in time and every new one is admitted; beyond it the settle path is
    /// behind and new orders are shed (429) until it catches up. Accepted orders so wait about this long at most.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan TargetSettleTime { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Unsettled orders always admitted however long they wait: a few orders stuck for a while (a dead-lettered payment
    /// request) must not refuse everyone.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MinPendingOrders { get; set; } = 64;

    /// <summary>
    /// Orders this replica places at once. Each holds a pooled database connection only for its statements (the
    /// idempotency key, the commit, the outbox row's delete), not while the broker confirms its message, so this may
    /// exceed the pool's small <c>Maximum Pool Size</c> (10, shared with the message listeners): what it bounds is how
    /// many requests can wait for a connection. Unbounded, after a database outage, when every client retries at once,
    /// hundreds of them timing out there cost more than the orders being placed.
    /// </summary>
    [Range(1, 10_000)]
    public int MaxPlacingAtOnce { get; set; } = 32;

    /// <summary>Orders waiting for one of <see cref="MaxPlacingAtOnce"/>, oldest first; one more is refused at once.</summary>
    [Range(0, 100_000)]
    public int MaxWaitingToPlace { get; set; } = 32;
}

using System.ComponentModel.DataAnnotations;

namespace HsePayord.Modules.Orders.Admission;

/// <summary><c>Orders:Admission</c>: how much unsettled work a replica takes on before it sheds new orders with 429.</summary>
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
}

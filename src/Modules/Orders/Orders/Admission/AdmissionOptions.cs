using System.ComponentModel.DataAnnotations;

namespace HsePayord.Modules.Orders.Admission;

/// <summary><c>Orders:Admission</c>: how much unsettled work a replica takes on before it sheds new orders with 429.</summary>
internal sealed class AdmissionOptions
{
    public const string Section = "Orders:Admission";

    /// <summary>
    /// How long an accepted order may wait to settle when the system is saturated. A replica admits as many
    /// unsettled orders as it has recently settled in this time (Little's law), so a queue never holds more than
    /// this much waiting.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan TargetSettleTime { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Unsettled orders always admitted, whatever the recent rate: an idle or freshly started replica has settled
    /// nothing yet and must not refuse its first orders.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MinPendingOrders { get; set; } = 64;
}

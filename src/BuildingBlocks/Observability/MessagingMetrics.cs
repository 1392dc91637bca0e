using System.Diagnostics.Metrics;
using Wolverine.Runtime.Batching;

namespace HsePayord.BuildingBlocks.Observability;

/// <summary>
/// What Wolverine's meter does not measure for batched handlers: its <c>wolverine-effective-time</c> of a batch
/// starts when the batch was assembled, not when each member was sent. This records, per member handled, the time
/// from its send to the end of its batch's handling (critical time) under the member's message type. One meter per
/// host (from the host's <see cref="IMeterFactory"/>), so replicas in one process are told apart.
/// </summary>
public sealed class MessagingMetrics
{
    public const string MeterName = "HsePayord.Messaging";
    public const string CriticalTimeName = "payord-critical-time";

    private readonly Histogram<double> _criticalTime;

    public MessagingMetrics(IMeterFactory meterFactory)
    {
        Meter = meterFactory.Create(MeterName);
        _criticalTime = Meter.CreateHistogram<double>(CriticalTimeName, "ms", "Sent → handled, per message of a batch");
    }

    public Meter Meter { get; }

    public void RecordHandled(IBatchContext batch, string messageType)
    {
        if (!_criticalTime.Enabled)
        {
            return;
        }

        var now = DateTimeOffset.UtcNow;
        var tag = new KeyValuePair<string, object?>("message.type", messageType);
        foreach (var member in batch.Members)
        {
            if (member.SentAt != default)
            {
                _criticalTime.Record((now - member.SentAt).TotalMilliseconds, tag);
            }
        }
    }
}

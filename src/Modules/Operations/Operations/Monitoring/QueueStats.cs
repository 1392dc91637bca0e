namespace HsePayord.Modules.Operations.Monitoring;

/// <summary>One queue's running totals, the samples of the current interval, and the closed intervals.</summary>
internal sealed class QueueStats
{
    public long Sent;
    public long Received;
    public long Succeeded;
    public long Handled;
    public long Failed;
    public long DeadLettered;
    public long Duplicates;

    public readonly List<double> Processing = [];
    public readonly List<double> Critical = [];

    private readonly Queue<MonitoringPoint> _points = new();
    private Totals _atLastClose;

    public static void Add(ref long counter, long value) => Interlocked.Add(ref counter, value);

    public static void Sample(List<double> samples, double value, int max)
    {
        lock (samples)
        {
            if (samples.Count < max)
            {
                samples.Add(value);
            }
        }
    }

    public void Close(DateTimeOffset at, BrokerQueueState? broker, TimeSpan history, TimeSpan interval)
    {
        var now = Current();
        var delta = now - _atLastClose;
        _atLastClose = now;
        var seconds = interval.TotalSeconds;
        var (processing50, processing95) = Percentiles(Processing);
        var (critical50, critical95) = Percentiles(Critical);
        lock (_points)
        {
            _points.Enqueue(new MonitoringPoint(
                at,
                broker?.Messages,
                broker?.Consumers,
                Rate(delta.Sent, seconds),
                Rate(delta.Received, seconds),
                Rate(delta.Succeeded, seconds),
                Rate(delta.Handled, seconds),
                Rate(Math.Max(delta.Failed - delta.DeadLettered, 0), seconds),
                Rate(delta.Failed, seconds),
                Rate(delta.DeadLettered, seconds),
                Rate(delta.Duplicates, seconds),
                processing50, processing95, critical50, critical95));
            while (_points.Count > history / interval)
            {
                _points.Dequeue();
            }
        }
    }

    public EndpointMonitoring Snapshot(string queue, BrokerQueueState? broker)
    {
        var totals = Current();
        List<MonitoringPoint> points;
        lock (_points)
        {
            points = [.. _points];
        }

        return new EndpointMonitoring(queue, broker?.Messages, broker?.Consumers,
            new MonitoringTotals(totals.Sent, totals.Received, totals.Succeeded, totals.Handled, totals.Failed,
                totals.DeadLettered, totals.Duplicates),
            points);
    }

    private Totals Current() => new(Interlocked.Read(ref Sent), Interlocked.Read(ref Received), Interlocked.Read(ref Succeeded),
        Interlocked.Read(ref Handled), Interlocked.Read(ref Failed), Interlocked.Read(ref DeadLettered), Interlocked.Read(ref Duplicates));

    private static double Rate(long count, double seconds) => Math.Round(count / seconds, 2);

    private static (double? P50, double? P95) Percentiles(List<double> samples)
    {
        double[] values;
        lock (samples)
        {
            values = [.. samples];
            samples.Clear();
        }

        if (values.Length == 0)
        {
            return (null, null);
        }

        Array.Sort(values);
        return (Math.Round(values[(int)Math.Ceiling(values.Length * 0.50) - 1], 2),
            Math.Round(values[(int)Math.Ceiling(values.Length * 0.95) - 1], 2));
    }

    private readonly record struct Totals(long Sent, long Received, long Succeeded, long Handled, long Failed, long DeadLettered, long Duplicates)
    {
        public static Totals operator -(Totals a, Totals b) => new(a.Sent - b.Sent, a.Received - b.Received,
            a.Succeeded - b.Succeeded, a.Handled - b.Handled, a.Failed - b.Failed, a.DeadLettered - b.DeadLettered,
            a.Duplicates - b.Duplicates);
    }
}

/// <summary>One host instance's view of the queues it sends to and listens on.</summary>
internal sealed record MonitoringSnapshot(
    string Host, string Instance, DateTimeOffset At, int IntervalSeconds, IReadOnlyList<EndpointMonitoring> Endpoints);

/// <param name="Queue">The RabbitMQ queue (or the fanout exchange the host publishes to).</param>
/// <param name="Messages">Messages ready in the queue now, from the broker; null for an exchange.</param>
/// <param name="Consumers">Consumers of the queue now, from the broker.</param>
internal sealed record EndpointMonitoring(
    string Queue, long? Messages, long? Consumers, MonitoringTotals Totals, IReadOnlyList<MonitoringPoint> Series);

/// <summary>Counts since this host instance started. Handled counts batch members; succeeded counts executions.</summary>
internal sealed record MonitoringTotals(
    long Sent, long Received, long Succeeded, long Handled, long Failed, long DeadLettered, long DuplicatesSuppressed);

/// <summary>One interval: rates per second and, in ms, processing (execution) and critical (sent → handled) time.</summary>
internal sealed record MonitoringPoint(
    DateTimeOffset At,
    long? Messages,
    long? Consumers,
    double SentPerSecond,
    double ReceivedPerSecond,
    double SucceededPerSecond,
    double HandledPerSecond,
    double RetriesPerSecond,
    double FailuresPerSecond,
    double DeadLettersPerSecond,
    double DuplicatesPerSecond,
    double? ProcessingP50,
    double? ProcessingP95,
    double? CriticalP50,
    double? CriticalP95);

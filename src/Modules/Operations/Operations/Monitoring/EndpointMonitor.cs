using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HsePayord.BuildingBlocks.Observability;
using HsePayord.BuildingBlocks.Hosting;
using Microsoft.Extensions.Hosting;
using Wolverine.Runtime;

namespace HsePayord.Modules.Operations.Monitoring;

/// <summary>
/// Live numbers per queue, read from Wolverine's own meter (this host's instance of it) with a MeterListener:
/// sent, received, succeeded, failed (each failure is retried or dead-lettered), dead-lettered, duplicates
/// suppressed, execution time; and the critical time of batched messages (<see cref="MessagingMetrics"/>).
/// Every <see cref="Interval"/> the counts become one point of a <see cref="History"/>-long series per queue.
/// </summary>
internal sealed class EndpointMonitor(
    IWolverineRuntime runtime, MessagingMetrics metrics, HostIdentity host, BrokerQueues broker, TimeProvider clock)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan History = TimeSpan.FromMinutes(20);
    private const int MaxSamplesPerInterval = 4096;

    private readonly ConcurrentDictionary<string, QueueStats> _queues = new();
    // Message type (without the batch's "[]") → the broker queue it travels through, learned from sends and receives.
    private readonly ConcurrentDictionary<string, string> _queueOfType = new();
    // Every measurement names its destination and message type as strings; a host has a handful of each, so each is
    // parsed once (parsing a URI per measurement, several per message, was ~2 % of the Orders host's allocations).
    private readonly ConcurrentDictionary<string, string?> _brokerNameOf = new();
    private readonly ConcurrentDictionary<string, string> _shortTypeOf = new();
    private MeterListener? _listener;

    public string Service => host.Service;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, runtime.Meter) || ReferenceEquals(instrument.Meter, metrics.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Count(instrument.Name, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Time(instrument.Name, value, tags));
        _listener.Start();

        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var depths = await broker.DepthsAsync(_queues.Keys, stoppingToken);
                var at = clock.GetUtcNow();
                foreach (var (name, stats) in _queues)
                {
                    stats.Close(at, depths.GetValueOrDefault(name), History, Interval);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override void Dispose()
    {
        _listener?.Dispose();
        base.Dispose();
    }

    public async Task<MonitoringSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var depths = await broker.DepthsAsync(_queues.Keys, cancellationToken);
        var endpoints = _queues.OrderBy(q => q.Key).Select(q => q.Value.Snapshot(q.Key, depths.GetValueOrDefault(q.Key))).ToList();
        return new MonitoringSnapshot(host.Service, host.Instance, clock.GetUtcNow(), (int)Interval.TotalSeconds, endpoints);
    }

    private void Count(string instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var (type, destination) = Read(tags);
        if (QueueOf(type, destination, learn: instrument is "wolverine-messages-sent" or "wolverine-messages-received") is not { } queue)
        {
            return;
        }

        var stats = _queues.GetOrAdd(queue, _ => new QueueStats());
        switch (instrument)
        {
            case "wolverine-messages-sent": QueueStats.Add(ref stats.Sent, value); break;
            case "wolverine-messages-received": QueueStats.Add(ref stats.Received, value); break;
            case "wolverine-messages-succeeded": QueueStats.Add(ref stats.Succeeded, value); break;
            case "wolverine-execution-failure": QueueStats.Add(ref stats.Failed, value); break;
            case "wolverine-dead-letter-queue": QueueStats.Add(ref stats.DeadLettered, value); break;
            case "wolverine-duplicates-suppressed": QueueStats.Add(ref stats.Duplicates, value); break;
        }
    }

    private void Time(string instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var (type, destination) = Read(tags);
        if (QueueOf(type, destination, learn: false) is not { } queue)
        {
            return;
        }

        var stats = _queues.GetOrAdd(queue, _ => new QueueStats());
        switch (instrument)
        {
            case "wolverine-execution-time": QueueStats.Sample(stats.Processing, value, MaxSamplesPerInterval); break;
            case MessagingMetrics.CriticalTimeName:
                QueueStats.Sample(stats.Critical, value, MaxSamplesPerInterval);
                QueueStats.Add(ref stats.Handled, 1);
                break;
        }
    }

    private static (string? Type, string? Destination) Read(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? type = null, destination = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "message.type")
            {
                type = tag.Value?.ToString();
            }
            else if (tag.Key == "message.destination")
            {
                destination = tag.Value?.ToString();
            }
        }

        return (type, destination);
    }

    /// <summary>
    /// The broker queue (or exchange) a measurement belongs to. A batch is handled from a local queue, so its
    /// measurements are attributed through the message type to the queue its members arrived on.
    /// </summary>
    private string? QueueOf(string? type, string? destination, bool learn)
    {
        var name = destination is null ? null : _brokerNameOf.GetOrAdd(destination, BrokerName);
        var shortType = type is null ? null : _shortTypeOf.GetOrAdd(type, ShortName);
        if (name is not null)
        {
            if (learn && shortType is not null)
            {
                _queueOfType[shortType] = name;
            }

            return name;
        }

        return shortType is not null && _queueOfType.TryGetValue(shortType, out var queue) ? queue : null;
    }

    /// <summary>A message type's name without its namespace and without a batch's <c>[]</c>.</summary>
    private static string ShortName(string type)
    {
        var baseType = type.TrimEnd('[', ']');
        return baseType[(baseType.LastIndexOf('.') + 1)..];
    }

    /// <summary><c>rabbitmq://queue/x</c> → <c>x</c>; a fanout's per-replica queue counts as its exchange.</summary>
    private static string? BrokerName(string destination)
    {
        if (!Uri.TryCreate(destination, UriKind.Absolute, out var uri) || uri.Scheme != "rabbitmq")
        {
            return null;
        }

        return uri.Host switch
        {
            "queue" or "exchange" => uri.AbsolutePath.Trim('/'),
            _ => null,
        };
    }
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using HsePayord.BuildingBlocks.Messaging;
using RabbitMQ.Client;

namespace HsePayord.Modules.Operations.Monitoring;

internal sealed record BrokerQueueState(long Messages, long Consumers);

/// <summary>
/// Queue length and consumers as the broker reports them (a passive queue declaration: no management plugin
/// needed), over one connection of its own, opened when first asked. A name that is not a queue (an exchange) has
/// no entry.
/// </summary>
internal sealed partial class BrokerQueues(IConfiguration configuration, ILogger<BrokerQueues> logger) : IAsyncDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;
    private Dictionary<string, BrokerQueueState> _last = [];
    private DateTimeOffset _lastAt;

    public async Task<IReadOnlyDictionary<string, BrokerQueueState>> DepthsAsync(IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // Several callers in the same second share one look.
            if (DateTimeOffset.UtcNow - _lastAt < TimeSpan.FromMilliseconds(500))
            {
                return _last;
            }

            var result = new Dictionary<string, BrokerQueueState>();
            try
            {
                _connection ??= await BrokerConnection.Parse(configuration.GetConnectionString("RabbitMq")!)
                    .ConnectAsync("payord-monitoring", cancellationToken);
                foreach (var queue in queues)
                {
                    // A failed passive declaration closes the channel: one per queue.
                    await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
                    try
                    {
                        var ok = await channel.QueueDeclarePassiveAsync(queue, cancellationToken);
                        result[queue] = new BrokerQueueState(ok.MessageCount, ok.ConsumerCount);
                    }
                    catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
                    {
                        // Not a queue (the fanout exchange) or gone (a stopped replica's queue).
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogBrokerUnavailable(exception);
                if (_connection is { IsOpen: false })
                {
                    _connection = null;
                }
            }

            _last = result;
            _lastAt = DateTimeOffset.UtcNow;
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read queue depths from RabbitMQ")]
    private partial void LogBrokerUnavailable(Exception exception);
}

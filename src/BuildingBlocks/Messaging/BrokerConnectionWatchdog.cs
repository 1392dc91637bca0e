using HsePayord.BuildingBlocks.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using Wolverine.RabbitMQ.Internal;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace HsePayord.BuildingBlocks.Messaging;

/// <summary>
/// Stops the host, asking its supervisor for a restart, when Wolverine's RabbitMQ connection stays closed although
/// the broker accepts new connections. RabbitMQ.Client 7.2 starts a recovery only when none is running, and raises
/// <c>RecoverySucceeded</c>, where Wolverine rebuilds its listeners and senders, from inside the running one: a
/// connection the broker closes during that handler is never recovered. A CI run's broker crash left the Payments host
/// that way, with its listener gone and 583 orders waiting, for the two minutes the test waited. A new process
/// connects afresh, and exiting loses nothing: the host's messages are in its durable inbox and outbox.
/// </summary>
internal sealed partial class BrokerConnectionWatchdog(
    IWolverineRuntime runtime,
    HostExit hostExit,
    IOptions<BrokerConnectionWatchdog.Options> options,
    TimeProvider clock,
    ILogger<BrokerConnectionWatchdog> logger) : BackgroundService
{
    /// <summary>
    /// <c>Messaging:BrokerRecovery</c>. The client retries a lost connection every 5 s, so a connection still closed
    /// <see cref="GracePeriod"/> after the broker began accepting connections again is one that will never recover.
    /// </summary>
    public sealed class Options
    {
        public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(5);

        public TimeSpan GracePeriod { get; set; } = TimeSpan.FromSeconds(30);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var transport = runtime.Options.Transports.GetOrCreate<RabbitMqTransport>();
        DateTimeOffset? brokerBackSince = null;
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var health = await transport.ProbeAsync(stoppingToken);
            if (health.Status != BrokerHealthStatus.Unhealthy || !await BrokerAcceptsConnectionsAsync(transport, stoppingToken))
            {
                brokerBackSince = null;
                continue;
            }

            brokerBackSince ??= clock.GetUtcNow();
            var stuckFor = clock.GetUtcNow() - brokerBackSince.Value;
            if (stuckFor < options.Value.GracePeriod)
            {
                continue;
            }

            LogStuck(stuckFor.TotalSeconds, health.Description);
            hostExit.RequestRestart();
            return;
        }
    }

    private async Task<bool> BrokerAcceptsConnectionsAsync(RabbitMqTransport transport, CancellationToken cancellationToken)
    {
        if (transport.ConnectionFactory is not { } factory)
        {
            return false;
        }

        try
        {
            // A cluster is back when any of its nodes takes connections, the way the client's own recovery sees it.
            await using var probe = transport.AmqpTcpEndpoints.Count > 0
                ? await factory.CreateConnectionAsync(transport.AmqpTcpEndpoints, "payord-broker-watchdog", cancellationToken)
                : await factory.CreateConnectionAsync("payord-broker-watchdog", cancellationToken);
            await probe.CloseAsync(cancellationToken);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogBrokerStillDown(exception.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Critical,
        Message = "RabbitMQ's connection has stayed closed for {Seconds:F0} s although the broker accepts connections ({Reason}); " +
                  "the client will not recover it, so the host stops to be restarted. Its messages wait in the durable inbox and outbox.")]
    private partial void LogStuck(double seconds, string? reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The broker does not accept connections yet: {Reason}")]
    private partial void LogBrokerStillDown(string reason);
}

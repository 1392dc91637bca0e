using System.Diagnostics;
using System.Net;
using System.Reflection;
using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Messaging;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using Wolverine.RabbitMQ.Internal;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace HsePayord.IntegrationTests;

/// <summary>
/// A host whose RabbitMQ connection stays closed while the broker is up stops itself with exit code 75, for its
/// supervisor to start it again; a connection that recovers leaves it running. RabbitMQ.Client leaves a connection
/// closed for good when the broker closes it while the client's own recovery is finishing; the test gets the same state
/// by closing the connection from the application side, which the client never recovers either. A connection the
/// broker closes (as a restart does) the client recovers by itself.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class BrokerWatchdogTests
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_host_whose_broker_connection_does_not_recover_while_the_broker_is_up_stops_to_be_restarted()
    {
        var gracePeriod = TimeSpan.FromSeconds(3);
        await using var replica = await WatchedReplica.StartAsync(gracePeriod);
        var (transport, connection, client) = (replica.Transport, replica.ListeningConnection, replica.Client);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        var closedAt = DateTime.UtcNow;
        await connection.CloseAsync();

        // The fault happened: the connection is closed, readiness and Wolverine's own probe say so…
        Assert.False(connection.IsOpen);
        using (var ready = await client.GetAsync("/health/ready"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        }

        Assert.Equal(BrokerHealthStatus.Unhealthy, (await transport.ProbeAsync(CancellationToken.None)).Status);
        // …while the broker itself takes new connections.
        await using (var fresh = await transport.ConnectionFactory!.CreateConnectionAsync("broker-watchdog-test"))
        {
            Assert.True(fresh.IsOpen);
        }

        var stoppedAfter = await replica.Stopping.WaitAsync(gracePeriod + TimeSpan.FromSeconds(15)) - closedAt;
        Assert.False(connection.IsOpen);
        Assert.True(stoppedAfter >= gracePeriod, $"Stopped {stoppedAfter.TotalSeconds:F1} s after the close, before the grace period");
        Assert.Equal(HostExit.RestartRequested, replica.HostExit.ExitCode);
    }

    [Fact]
    public async Task A_host_whose_broker_connection_recovers_within_the_grace_period_keeps_running_and_handles_messages()
    {
        // Longer than the client takes to recover a connection the broker closed (it retries every 5 s).
        var gracePeriod = TimeSpan.FromSeconds(10);
        await using var replica = await WatchedReplica.StartAsync(gracePeriod);
        var (connection, client) = (replica.ListeningConnection, replica.Client);
        var pings = replica.Services.GetRequiredService<WarmUpPings>();
        var roundTripsBefore = pings.RoundTrips;

        var sinceClosed = Stopwatch.StartNew();
        await RabbitMqManagement.CloseConnectionAsync(connection.LocalPort, "broker-watchdog-test: a blip the client recovers from");

        // The fault happened: the broker closed the connection and the host is not ready…
        await Eventually.UntilAsync(async () =>
        {
            using var ready = await client.GetAsync("/health/ready");
            return !connection.IsOpen && ready.StatusCode == HttpStatusCode.ServiceUnavailable;
        }, "the replica's listening connection to be closed by the broker and the replica to report not ready");
        // …and was over: the client recovered the connection, the host is ready again…
        await Eventually.UntilAsync(async () =>
        {
            using var ready = await client.GetAsync("/health/ready");
            return connection.IsOpen && ready.StatusCode == HttpStatusCode.OK;
        }, "the replica's listening connection to recover and the replica to report ready", gracePeriod);
        var closedFor = sinceClosed.Elapsed;
        // …after being closed for many of the watchdog's checks, each of which found it closed with the broker up.
        Assert.True(closedFor >= 4 * CheckInterval, $"The connection was closed for only {closedFor.TotalMilliseconds:F0} ms");

        // Had the watchdog not seen the recovery, it would stop the host once the grace period has passed since it
        // first found the connection closed, which it can only have done before the connection recovered (and then
        // act on its next check): the host still runs past the latest such moment…
        var stopDeadline = closedFor + gracePeriod + 4 * CheckInterval;
        while (sinceClosed.Elapsed < stopDeadline)
        {
            Assert.False(replica.Stopping.IsCompleted, $"The host stopped {sinceClosed.Elapsed.TotalSeconds:F1} s after a blip it recovered from");
            await Task.Delay(CheckInterval);
        }

        // …and sends and receives through the recovered connections: its ping goes to its own queue and comes back.
        await using (var scope = replica.Services.CreateAsyncScope())
        {
            await new MessagingWarmUp().WarmUpAsync(scope.ServiceProvider, CancellationToken.None);
        }

        Assert.True(pings.RoundTrips > roundTripsBefore, "the replica's ping did not come back to it after the blip");
        Assert.False(replica.Stopping.IsCompleted, "The host stopped after a blip it recovered from");
        Assert.NotEqual(HostExit.RestartRequested, replica.HostExit.ExitCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
    }

    /// <summary>A Payments replica whose watchdog checks every <see cref="CheckInterval"/>, for a test to break.</summary>
    private sealed class WatchedReplica : IAsyncDisposable
    {
        private readonly WebApplicationFactory<Hosts.Payments.Program> _host;
        private readonly TaskCompletionSource<DateTime> _stopping = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private WatchedReplica(WebApplicationFactory<Hosts.Payments.Program> host, HttpClient client)
        {
            _host = host;
            Client = client;
            Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => _stopping.TrySetResult(DateTime.UtcNow));
            Transport = Services.GetRequiredService<IWolverineRuntime>().Options.Transports.GetOrCreate<RabbitMqTransport>();
            ListeningConnection = ListeningConnectionOf(Transport);
        }

        public HttpClient Client { get; }

        public IServiceProvider Services => _host.Services;

        public RabbitMqTransport Transport { get; }

        public IConnection ListeningConnection { get; }

        public HostExit HostExit => Services.GetRequiredService<HostExit>();

        /// <summary>Completes, with the time, when the host begins to stop.</summary>
        public Task<DateTime> Stopping => _stopping.Task;

        public static async Task<WatchedReplica> StartAsync(TimeSpan gracePeriod)
        {
            var (host, client) = await SystemFixture.StartPaymentsReplicaAsync(new()
            {
                ["Messaging:BrokerRecovery:CheckInterval"] = CheckInterval.ToString(),
                ["Messaging:BrokerRecovery:GracePeriod"] = gracePeriod.ToString(),
            });
            return new WatchedReplica(host, client);
        }

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _host.DisposeAsync();
        }

        /// <summary>Wolverine keeps its connections to itself; only a test reaches for one to break it.</summary>
        private static IConnection ListeningConnectionOf(RabbitMqTransport transport)
        {
            const BindingFlags internals = BindingFlags.Instance | BindingFlags.NonPublic;
            var monitor = typeof(RabbitMqTransport).GetMethod("TryGetListeningConnection", internals)!.Invoke(transport, null)
                ?? throw new InvalidOperationException("The transport has no listening connection");
            return (IConnection)monitor.GetType().GetProperty("Connection", internals)!.GetValue(monitor)!;
        }
    }
}

using System.Diagnostics;
using System.Net;
using System.Reflection;
using HsePayord.BuildingBlocks.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using Wolverine.RabbitMQ.Internal;
using Wolverine.Runtime;
using Wolverine.Transports;

namespace HsePayord.IntegrationTests;

/// <summary>
/// A host whose RabbitMQ connection stays closed while the broker is up stops itself with exit code 75, for its
/// supervisor to start it again. RabbitMQ.Client leaves a connection that way when the broker closes it while the
/// client's own recovery is finishing; the test gets the same state by closing the connection from the application
/// side, which the client never recovers either.
/// </summary>
[Collection(SystemCollection.Name)]
public sealed class BrokerWatchdogTests
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task A_host_whose_broker_connection_does_not_recover_while_the_broker_is_up_stops_to_be_restarted()
    {
        var (host, client) = await SystemFixture.StartPaymentsReplicaAsync(new()
        {
            ["Messaging:BrokerRecovery:CheckInterval"] = TimeSpan.FromMilliseconds(250).ToString(),
            ["Messaging:BrokerRecovery:GracePeriod"] = GracePeriod.ToString(),
        });
        await using var _ = host;
        using var __ = client;
        var hostExit = host.Services.GetRequiredService<HostExit>();
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sinceClosed = new Stopwatch();
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult(sinceClosed.Elapsed));

        // Healthy for many checks: the watchdog leaves an open connection alone.
        await Task.Delay(GracePeriod + TimeSpan.FromSeconds(1));
        Assert.False(stopping.Task.IsCompleted, "The host stopped although its broker connection was open");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        var transport = host.Services.GetRequiredService<IWolverineRuntime>().Options.Transports.GetOrCreate<RabbitMqTransport>();
        var connection = ListeningConnection(transport);
        sinceClosed.Start();
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

        var stoppedAfter = await stopping.Task.WaitAsync(GracePeriod + TimeSpan.FromSeconds(15));
        Assert.False(connection.IsOpen);
        Assert.True(stoppedAfter >= GracePeriod, $"Stopped {stoppedAfter.TotalSeconds:F1} s after the close, before the grace period");
        Assert.Equal(HostExit.RestartRequested, hostExit.ExitCode);
    }

    /// <summary>Wolverine keeps its connections to itself; only a test reaches for one to break it.</summary>
    private static IConnection ListeningConnection(RabbitMqTransport transport)
    {
        const BindingFlags internals = BindingFlags.Instance | BindingFlags.NonPublic;
        var monitor = typeof(RabbitMqTransport).GetMethod("TryGetListeningConnection", internals)!.Invoke(transport, null)
            ?? throw new InvalidOperationException("The transport has no listening connection");
        return (IConnection)monitor.GetType().GetProperty("Connection", internals)!.GetValue(monitor)!;
    }
}

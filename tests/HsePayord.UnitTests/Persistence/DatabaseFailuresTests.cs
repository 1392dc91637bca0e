using System.Net.Sockets;
using HsePayord.BuildingBlocks.Persistence;
using Npgsql;

namespace HsePayord.UnitTests.Persistence;

/// <summary>
/// Which database failures are retried: the shapes Npgsql gives them, including the failover of a replicated pair
/// seen through a connection string naming every member (tests/HsePayord.CrashTests/DatabaseFailoverTests).
/// </summary>
public sealed class DatabaseFailuresTests
{
    [Fact]
    public void A_refused_connection_is_transient() =>
        Assert.True(DatabaseFailures.IsTransient(RefusedConnection()));

    [Fact]
    public void No_primary_among_the_hosts_while_the_standby_is_not_yet_promoted_is_transient() =>
        Assert.True(DatabaseFailures.IsTransient(new NpgsqlException("No suitable host was found.")));

    [Fact]
    public void Every_host_failing_with_one_refusing_connections_is_transient() =>
        Assert.True(DatabaseFailures.IsTransient(new NpgsqlException(
            "Unable to connect to a suitable host. Check inner exception for more details.",
            new AggregateException(RefusedConnection(), new NpgsqlException("Exception while reading from stream", new InvalidOperationException("bug"))))));

    [Fact]
    public void Every_host_failing_for_a_reason_that_will_not_pass_is_not_transient() =>
        Assert.False(DatabaseFailures.IsTransient(new NpgsqlException(
            "Unable to connect to a suitable host. Check inner exception for more details.",
            new AggregateException(new NpgsqlException("bad", new InvalidOperationException("bug"))))));

    [Fact]
    public void Another_failure_without_a_cause_is_not_transient() =>
        Assert.False(DatabaseFailures.IsTransient(new NpgsqlException("The server sent something unexpected.")));

    private static NpgsqlException RefusedConnection() =>
        new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));
}

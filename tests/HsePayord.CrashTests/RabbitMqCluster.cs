using System.Text.Json;
using System.Text.RegularExpressions;

namespace HsePayord.CrashTests;

/// <summary>
/// A RabbitMQ cluster of the crash tests' own: three <see cref="RabbitMqNode"/>s (own names, ports and data folders)
/// joined into one. They cluster because they run as the same rabbitmq user and so share its Erlang cookie. The hosts
/// get every node in their connection string.
/// </summary>
public sealed partial class RabbitMqCluster : IBroker, IAsyncDisposable
{
    public RabbitMqCluster(string name, int firstAmqpPort, int size = 3) =>
        Nodes = [.. Enumerable.Range(0, size).Select(i => new RabbitMqNode($"{name}-{(char)('a' + i)}", firstAmqpPort + i))];

    public IReadOnlyList<RabbitMqNode> Nodes { get; }

    public async Task InitializeAsync()
    {
        await Task.WhenAll(Nodes.Select(node => node.InitializeAsync()));
        await Task.WhenAll(Nodes.Skip(1).Select(node => node.JoinClusterAsync(Nodes[0])));
    }

    public string AmqpUri(string vhost) => string.Join(',', Nodes.Select(node => node.AmqpUri(vhost)));

    public Task AddVirtualHostAsync(string vhost) => Nodes[0].AddVirtualHostAsync(vhost);

    public RabbitMqNode NodeNamed(string nodeName) => Nodes.Single(node => node.NodeName == nodeName);

    /// <summary>The vhost's queues as the cluster sees them, asked of a live node.</summary>
    public async Task<IReadOnlyList<QueueState>> ListQueuesAsync(string vhost)
    {
        var json = await LiveNode().ControlAsync("list_queues", "-q", "-p", vhost, "--formatter", "json",
            "name", "type", "durable", "auto_delete", "exclusive", "leader", "members", "online");
        return [.. JsonDocument.Parse(json).RootElement.EnumerateArray().Select(queue => new QueueState(
            queue.GetProperty("name").GetString()!,
            queue.GetProperty("type").GetString()!,
            Flag(queue.GetProperty("durable")),
            Flag(queue.GetProperty("auto_delete")),
            Flag(queue.GetProperty("exclusive")),
            NodeOrNull(queue.GetProperty("leader")),
            Names(queue.GetProperty("members")),
            Names(queue.GetProperty("online"))))];
    }

    /// <summary>The nodes whose channels consume from <paramref name="queue"/>, asked of a live node.</summary>
    public async Task<IReadOnlyList<string>> ConsumerNodesAsync(string vhost, string queue)
    {
        // The table output, not JSON: it prints a pid with its node's name (<node.serial.number.creation>; node names here
        // hold no dot), where JSON prints a remote pid's node as a number.
        var table = await LiveNode().ControlAsync("list_consumers", "-q", "-p", vhost, "--no-table-headers", "queue_name", "channel_pid");
        return [.. table.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('\t'))
            .Where(columns => columns[0] == queue)
            .Select(columns => PidNode().Match(columns[1]) is { Success: true } match
                ? match.Groups[1].Value
                : throw new FormatException($"No node in the channel pid of: {string.Join(' ', columns)}"))];
    }

    private RabbitMqNode LiveNode() => Nodes.First(node => node.AcceptsConnections());

    // rabbitmqctl prints a flag as a JSON boolean, or as "" where the queue type does not report it (a quorum queue has
    // no `exclusive`: it can never be).
    private static bool Flag(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String when value.GetString() == "" => false,
        _ => throw new FormatException($"Not a flag: {value}"),
    };

    // A classic queue has no leader: "" (or nothing).
    private static string? NodeOrNull(JsonElement value) =>
        value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } node ? node : null;

    private static IReadOnlyList<string> Names(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray().Select(name => name.GetString()!)] : [];

    [GeneratedRegex(@"^<([^.<>]+@[^.<>]+)\.")]
    private static partial Regex PidNode();

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }
    }
}

public sealed record QueueState(
    string Name, string Type, bool Durable, bool AutoDelete, bool Exclusive, string? Leader,
    IReadOnlyList<string> Members, IReadOnlyList<string> Online)
{
    public override string ToString() =>
        $"{Name}: {Type}{(Durable ? ", durable" : "")}{(AutoDelete ? ", auto-delete" : "")}{(Exclusive ? ", exclusive" : "")}"
        + (Leader is null ? "" : $", leader {Leader}, members {string.Join(' ', Members)}, online {string.Join(' ', Online)}");
}

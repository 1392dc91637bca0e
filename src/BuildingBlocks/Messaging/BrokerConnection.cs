using RabbitMQ.Client;

namespace HsePayord.BuildingBlocks.Messaging;

/// <summary>
/// <c>ConnectionStrings:RabbitMq</c>: one AMQP URI, or one per node of a RabbitMQ cluster separated by commas
/// (<c>amqp://user:pass@rabbit-1:5672/vhost,amqp://user:pass@rabbit-2:5672/vhost,…</c>). With several, the client
/// connects to one of them and, when that node dies, recovers its connection on another. All must name the same
/// user, password and virtual host: they are one broker.
/// </summary>
public sealed record BrokerConnection(Uri Uri, IReadOnlyList<(string Host, int Port)> ClusterNodes)
{
    public static BrokerConnection Parse(string connectionString)
    {
        var uris = connectionString
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(uri => new Uri(uri))
            .ToList();
        if (uris.Count == 0)
        {
            throw new InvalidOperationException("The RabbitMQ connection string names no node.");
        }

        var first = uris[0];
        if (uris.Any(uri => uri.Scheme != first.Scheme || uri.UserInfo != first.UserInfo || uri.AbsolutePath != first.AbsolutePath))
        {
            throw new InvalidOperationException(
                "The nodes of the RabbitMQ connection string differ in scheme, credentials or virtual host; they must be one broker.");
        }

        // A single node keeps the client's plain connection (no endpoint list), exactly as before clusters existed.
        return new(first, uris.Count > 1 ? uris.Select(uri => (uri.Host, uri.Port)).ToList() : []);
    }

    /// <summary>A connection of its own (not Wolverine's), to any live node.</summary>
    public async Task<IConnection> ConnectAsync(string clientName, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = Uri };
        return ClusterNodes.Count == 0
            ? await factory.CreateConnectionAsync(clientName, cancellationToken)
            : await factory.CreateConnectionAsync(
                ClusterNodes.Select(node => new AmqpTcpEndpoint(node.Host, node.Port)).ToList(), clientName, cancellationToken);
    }
}

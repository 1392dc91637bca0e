namespace HsePayord.CrashTests;

/// <summary>What a shop needs of a broker: a virtual host of its own, and the connection string that reaches it.</summary>
public interface IBroker
{
    Task AddVirtualHostAsync(string vhost);

    /// <summary>The hosts' <c>ConnectionStrings:RabbitMq</c> for <paramref name="vhost"/>.</summary>
    string AmqpUri(string vhost);
}

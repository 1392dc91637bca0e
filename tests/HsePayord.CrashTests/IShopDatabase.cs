namespace HsePayord.CrashTests;

/// <summary>What a shop needs of a database server: databases of its own, and the connection strings that reach them.</summary>
public interface IShopDatabase
{
    Task CreateDatabaseAsync(string database);

    /// <summary>The hosts' connection string for <paramref name="database"/>.</summary>
    string ConnectionString(string database);

    /// <summary>A connection string for the test's own reads, outside any pool the hosts share.</summary>
    string ObserverConnectionString(string database);
}

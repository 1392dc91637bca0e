using Npgsql;

namespace HsePayord.Benchmark;

/// <summary>Rows and on-disk size (pg_total_relation_size: table, indexes, TOAST) of every table in one database:
/// the module's own (orders, payments, accounts, idempotency keys, journey steps) and Wolverine's envelope tables.</summary>
internal sealed record TableSize(string Table, long Rows, long Bytes)
{
    public static async Task<IReadOnlyList<TableSize>> ReadAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<(string Schema, string Name, long Bytes)>();
        await using (var list = new NpgsqlCommand(
                         """
                         SELECT n.nspname, c.relname, pg_total_relation_size(c.oid)
                         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                         WHERE c.relkind IN ('r', 'p') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                           AND n.nspname NOT LIKE 'pg_toast%' AND c.relname <> '__EFMigrationsHistory'
                         ORDER BY 1, 2
                         """, connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add((reader.GetString(0), reader.GetString(1), reader.GetInt64(2)));
            }
        }

        var sizes = new List<TableSize>();
        foreach (var (schema, name, bytes) in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".\"{name}\"", connection);
            sizes.Add(new TableSize($"{schema}.{name}", (long)(await count.ExecuteScalarAsync())!, bytes));
        }

        return sizes;
    }

    /// <summary>The database's tables, or the reason they could not be read (the run goes on without them).</summary>
    public static async Task<(IReadOnlyList<TableSize> Tables, string? Error)> TryReadAsync(string connectionString)
    {
        try
        {
            return (await ReadAsync(connectionString), null);
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ArgumentException)
        {
            return ([], e.Message);
        }
    }

    public static string Database(string connectionString) => new NpgsqlConnectionStringBuilder(connectionString).Database ?? "";

    /// <summary>The server's address as a URL, to find the local postmaster by the port it listens on.</summary>
    public static Uri Server(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return new UriBuilder("tcp", builder.Host ?? "localhost", builder.Port).Uri;
    }
}

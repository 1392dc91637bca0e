using HsePayord.BuildingBlocks.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace HsePayord.BuildingBlocks.Persistence;

/// <summary>
/// Builds the module's EF Core model and opens a few pooled connections (an order uses more than one at once:
/// the request's unit of work, Wolverine's outbox and inbox, the journal), so the first order finds them open.
/// </summary>
internal sealed class DatabaseWarmUp<TContext>(string connectionName) : IWarmUp
    where TContext : DbContext
{
    private const int ConnectionsToOpen = 4;

    public async Task WarmUpAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var db = services.GetRequiredService<TContext>();
        _ = db.Model;
        var dataSource = services.GetRequiredKeyedService<NpgsqlDataSource>(connectionName);
        var connections = await Task.WhenAll(Enumerable.Range(0, ConnectionsToOpen).Select(async _ =>
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var command = new NpgsqlCommand("SELECT 1", connection);
            await command.ExecuteScalarAsync(cancellationToken);
            return connection;
        }));
        // Returned to the pool together, so the pool keeps all of them rather than reusing the first one.
        foreach (var connection in connections)
        {
            await connection.DisposeAsync();
        }
    }
}

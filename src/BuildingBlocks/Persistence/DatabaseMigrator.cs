using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HsePayord.BuildingBlocks.Persistence;

/// <summary>
/// Creates the module's database if it is missing and applies its EF Core migrations. Registered before
/// Wolverine, so the database exists when Wolverine sets up its envelope tables in it.
/// </summary>
internal sealed class DatabaseMigrator<TContext>(IServiceScopeFactory scopeFactory) : IHostedService
    where TContext : DbContext
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopeFactory.CreateAsyncScope();
        var dbContext = scope.ServiceProvider.GetRequiredService<TContext>();
        await dbContext.Database.MigrateAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

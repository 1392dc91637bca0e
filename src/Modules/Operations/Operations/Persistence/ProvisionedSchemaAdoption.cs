using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace HsePayord.Modules.Operations.Persistence;

/// <summary>
/// Databases from before the operations schema had migrations (it was created by DDL at start-up until December 2026)
/// hold its tables but no migration history: there the first migration is recorded as applied, so that it does not
/// try to create them again. A fresh database is left to the migrations. Runs before them, in the "starting" phase.
/// </summary>
internal sealed class ProvisionedSchemaAdoption(IServiceScopeFactory scopes) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var context = scope.ServiceProvider.GetRequiredService<OperationsDbContext>();
        var provisionedWithoutHistory = await context.Database.SqlQuery<bool>($"""
            SELECT to_regclass('operations."__EFMigrationsHistory"') IS NULL
                AND to_regclass('operations.retry_run_messages') IS NOT NULL AS "Value"
            """).SingleAsync(cancellationToken);
        if (!provisionedWithoutHistory)
        {
            return;
        }

        var history = context.GetService<IHistoryRepository>();
        // EF Core's own scripts for its history table, with the migration's id and EF Core's version: no input of ours.
        var adopt = history.GetCreateIfNotExistsScript()
            + history.GetInsertScript(new HistoryRow(context.Database.GetMigrations().First(), ProductInfo.GetVersion()));
#pragma warning disable EF1003
        await context.Database.ExecuteSqlRawAsync(adopt, cancellationToken);
#pragma warning restore EF1003
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using HsePayord.Modules.Orders.Persistence;
using HsePayord.Modules.Payments.Persistence;
using Microsoft.EntityFrameworkCore;

namespace HsePayord.UnitTests.Persistence;

/// <summary>
/// Every change to a module's model comes with its migration. The hosts do not ask this when they start (it costs a
/// model build and a comparison on every start, see ModuleDatabase), so it is asked here: the snapshot of the last
/// migration against the model the code builds. No database is involved.
/// </summary>
public sealed class MigrationsTests
{
    [Fact]
    public void Given_the_orders_model_then_its_migrations_hold_every_change()
    {
        using var orders = new DesignTimeOrdersDbContextFactory().CreateDbContext([]);

        Assert.NotEmpty(orders.Database.GetMigrations());
        Assert.False(orders.Database.HasPendingModelChanges(),
            "The Orders model has changes no migration holds: dotnet ef migrations add <Name> --project src/Modules/Orders/Orders --output-dir Persistence/Migrations");
    }

    [Fact]
    public void Given_the_payments_model_then_its_migrations_hold_every_change()
    {
        using var payments = new DesignTimePaymentsDbContextFactory().CreateDbContext([]);

        Assert.NotEmpty(payments.Database.GetMigrations());
        Assert.False(payments.Database.HasPendingModelChanges(),
            "The Payments model has changes no migration holds: dotnet ef migrations add <Name> --project src/Modules/Payments/Payments --output-dir Persistence/Migrations");
    }
}

using HsePayord.Modules.Operations.Persistence;
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
    public static TheoryData<string> Modules => new() { "Orders", "Payments", "Operations" };

    [Theory]
    [MemberData(nameof(Modules))]
    public void Given_a_modules_model_then_its_migrations_hold_every_change(string module)
    {
        using DbContext context = module switch
        {
            "Orders" => new DesignTimeOrdersDbContextFactory().CreateDbContext([]),
            "Payments" => new DesignTimePaymentsDbContextFactory().CreateDbContext([]),
            "Operations" => new DesignTimeOperationsDbContextFactory().CreateDbContext([]),
            _ => throw new ArgumentOutOfRangeException(nameof(module), module, "not a module"),
        };

        Assert.NotEmpty(context.Database.GetMigrations());
        Assert.False(context.Database.HasPendingModelChanges(),
            $"The {module} model has changes no migration holds: dotnet ef migrations add <Name> " +
            $"--project src/Modules/{module}/{module} --output-dir Persistence/Migrations");
    }
}

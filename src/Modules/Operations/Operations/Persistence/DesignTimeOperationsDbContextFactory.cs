using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace HsePayord.Modules.Operations.Persistence;

/// <summary>Lets `dotnet ef migrations add` build the model without starting a host.</summary>
internal sealed class DesignTimeOperationsDbContextFactory : IDesignTimeDbContextFactory<OperationsDbContext>
{
    public OperationsDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<OperationsDbContext>().UseNpgsql("Host=localhost;Database=payord_orders",
            npgsql => npgsql.MigrationsHistoryTable(OperationsDbContext.MigrationsHistoryTable, OperationsDbContext.Schema)).Options);
}

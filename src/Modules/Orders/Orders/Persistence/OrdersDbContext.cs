using HsePayord.BuildingBlocks.Idempotency;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Orders.Domain;
using Microsoft.EntityFrameworkCore;

namespace HsePayord.Modules.Orders.Persistence;

internal sealed class OrdersDbContext(DbContextOptions<OrdersDbContext> options) : DbContext(options)
{
    public const string Schema = "orders";

    public DbSet<Order> Orders => Set<Order>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddIdempotencyRecords();
        modelBuilder.AddOutboxEnvelopes();
        modelBuilder.AddJourneySteps();

        modelBuilder.Entity<Order>(order =>
        {
            order.ToTable("orders");
            order.HasKey(o => o.OrderId);
            order.Property(o => o.OrderId).HasColumnName("order_id").ValueGeneratedNever();
            order.Property(o => o.UserId).HasColumnName("user_id").HasMaxLength(ContractRules.UserIdMaxLength);
            order.Property(o => o.Amount).HasColumnName("amount").HasPrecision(18, 2);
            order.Property(o => o.Description).HasColumnName("description").HasMaxLength(Order.DescriptionMaxLength);
            order.Property(o => o.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
            order.Property(o => o.FailureReason).HasColumnName("failure_reason").HasConversion<string>().HasMaxLength(32);
            order.Property(o => o.CreatedAt).HasColumnName("created_at");
            order.Property(o => o.UpdatedAt).HasColumnName("updated_at");
            order.Property(o => o.Version).HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
            order.HasIndex(o => new { o.UserId, o.CreatedAt }).IsDescending(false, true);
        });
    }
}

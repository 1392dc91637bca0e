using HsePayord.BuildingBlocks.Idempotency;
using HsePayord.BuildingBlocks.Persistence;
using HsePayord.BuildingBlocks.Validation;
using HsePayord.Modules.Operations.Contracts.Journey;
using HsePayord.Modules.Payments.Domain;
using Microsoft.EntityFrameworkCore;

namespace HsePayord.Modules.Payments.Persistence;

internal sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : DbContext(options)
{
    public const string Schema = "payments";

    public DbSet<Account> Accounts => Set<Account>();

    public DbSet<Payment> Payments => Set<Payment>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.AddIdempotencyRecords();
        modelBuilder.AddOutboxEnvelopes();
        modelBuilder.AddJourneySteps();

        modelBuilder.Entity<Account>(account =>
        {
            account.ToTable("accounts", table => table.HasCheckConstraint("ck_accounts_balance_not_negative", "balance >= 0"));
            account.HasKey(a => a.UserId);
            account.Property(a => a.UserId).HasColumnName("user_id").HasMaxLength(ContractRules.UserIdMaxLength);
            account.Property(a => a.Balance).HasColumnName("balance").HasPrecision(18, 2);
            // PostgreSQL's xmin changes on every update: a free, always-correct row version.
            account.Property(a => a.Version).HasColumnName("xmin").HasColumnType("xid").IsRowVersion();
            account.Property(a => a.CreatedAt).HasColumnName("created_at");
            account.Property(a => a.UpdatedAt).HasColumnName("updated_at");
        });

        modelBuilder.Entity<Payment>(payment =>
        {
            payment.ToTable("payments");
            payment.HasKey(p => p.OrderId);
            payment.Property(p => p.OrderId).HasColumnName("order_id").ValueGeneratedNever();
            payment.Property(p => p.UserId).HasColumnName("user_id").HasMaxLength(ContractRules.UserIdMaxLength);
            payment.Property(p => p.Amount).HasColumnName("amount").HasPrecision(18, 2);
            payment.Property(p => p.DeclineReason).HasColumnName("decline_reason").HasConversion<string>().HasMaxLength(32);
            payment.Property(p => p.ProcessedAt).HasColumnName("processed_at");
            payment.Ignore(p => p.Succeeded);
            payment.HasIndex(p => p.UserId);
        });
    }
}

using HsePayord.BuildingBlocks.Persistence;
using HsePayord.BuildingBlocks.Validation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace HsePayord.BuildingBlocks.Idempotency;

/// <summary>
/// The first response to an idempotent command, committed in the same transaction as its effect; deleted after
/// <see cref="RetentionOptions.IdempotencyKeys"/>, when a repeat of the key becomes a new request.
/// </summary>
public sealed class IdempotencyRecord
{
    public required string Operation { get; init; }

    public required string Key { get; init; }

    public required string RequestFingerprint { get; init; }

    public required string ResponseJson { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }
}

public static class IdempotencyModelBuilderExtensions
{
    public const int MaxKeyLength = ContractRules.IdempotencyKeyMaxLength;

    public static ModelBuilder AddIdempotencyRecords(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<IdempotencyRecord>(record =>
        {
            record.ToTable("idempotency_keys");
            record.HasKey(r => new { r.Operation, r.Key });
            record.Property(r => r.Operation).HasColumnName("operation").HasMaxLength(100);
            record.Property(r => r.Key).HasColumnName("key").HasMaxLength(MaxKeyLength);
            record.Property(r => r.RequestFingerprint).HasColumnName("request_fingerprint").HasMaxLength(64);
            record.Property(r => r.ResponseJson).HasColumnName("response").HasColumnType("jsonb");
            record.Property(r => r.CreatedAt).HasColumnName("created_at");
            // Retention deletes by age.
            record.HasIndex(r => r.CreatedAt);
        });
        return modelBuilder;
    }

    /// <summary>Expires the keys of a module's database (<typeparamref name="TContext"/> maps <see cref="AddIdempotencyRecords"/>).</summary>
    public static IServiceCollection AddIdempotencyKeyRetention<TContext>(this IServiceCollection services, IConfiguration configuration)
        where TContext : DbContext =>
        services.AddExpiringRows(ExpiringRows.Of<TContext, IdempotencyRecord>(
            "idempotency keys", RetentionOptions.From(configuration).IdempotencyKeys, record => record.CreatedAt));
}

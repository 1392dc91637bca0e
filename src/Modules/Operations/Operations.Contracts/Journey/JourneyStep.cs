using Microsoft.EntityFrameworkCore;

namespace HsePayord.Modules.Operations.Contracts.Journey;

/// <summary>How a step reads on the journey: the normal path, a failure, a retry, or a redelivery the inbox dropped.</summary>
public static class JourneyStepKind
{
    public const string Step = "step";
    public const string Failure = "failure";
    public const string Retry = "retry";
    public const string Duplicate = "duplicate";
}

/// <summary>
/// One thing that happened to one subject (an order) in one host: kept in the module's own database, keyed by the
/// subject's id, expired after <see cref="JourneyOptions.Retention"/>. The module decides what a step means.
/// </summary>
public sealed class JourneyStep
{
    public long Id { get; init; }

    public required Guid SubjectId { get; init; }

    /// <summary>What happened, in the module's words: <c>order-placed</c>, <c>charged</c>, …</summary>
    public required string Step { get; init; }

    public required string Kind { get; init; }

    public required DateTimeOffset At { get; init; }

    /// <summary>The host (<c>orders</c>, <c>payments</c>) and its replica.</summary>
    public required string Host { get; init; }

    public required string Instance { get; init; }

    public Guid? MessageId { get; init; }

    public string? Detail { get; init; }

    public string? TraceId { get; init; }

    public string? SpanId { get; init; }
}

public static class JourneyModelBuilderExtensions
{
    public const string Table = "journey_steps";

    /// <summary>Maps the journal's table into a module's model (and so into its migrations).</summary>
    public static ModelBuilder AddJourneySteps(this ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<JourneyStep>(step =>
        {
            step.ToTable(Table);
            step.HasKey(s => s.Id);
            step.Property(s => s.Id).HasColumnName("id").UseIdentityAlwaysColumn();
            step.Property(s => s.SubjectId).HasColumnName("subject_id");
            step.Property(s => s.Step).HasColumnName("step").HasMaxLength(64);
            step.Property(s => s.Kind).HasColumnName("kind").HasMaxLength(16);
            step.Property(s => s.At).HasColumnName("at");
            step.Property(s => s.Host).HasColumnName("host").HasMaxLength(64);
            step.Property(s => s.Instance).HasColumnName("instance").HasMaxLength(128);
            step.Property(s => s.MessageId).HasColumnName("message_id");
            step.Property(s => s.Detail).HasColumnName("detail").HasMaxLength(1000);
            step.Property(s => s.TraceId).HasColumnName("trace_id").HasMaxLength(32);
            step.Property(s => s.SpanId).HasColumnName("span_id").HasMaxLength(16);
            step.HasIndex(s => new { s.SubjectId, s.At });
            // Retention deletes by age.
            step.HasIndex(s => s.At);
        });
        return modelBuilder;
    }
}

/// <summary>A journey step as the API returns it (camelCase JSON).</summary>
public sealed record JourneyStepResponse(
    string Step,
    string Kind,
    DateTimeOffset At,
    string Host,
    string Instance,
    Guid? MessageId,
    string? Detail,
    string? TraceId,
    string? SpanId)
{
    public static JourneyStepResponse From(JourneyStep step) =>
        new(step.Step, step.Kind, step.At, step.Host, step.Instance, step.MessageId, step.Detail, step.TraceId, step.SpanId);
}

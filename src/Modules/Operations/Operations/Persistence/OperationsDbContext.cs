using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace HsePayord.Modules.Operations.Persistence;

/// <summary>
/// The operations schema (<c>operations</c>) in the host's database: the audit of operator actions, edited bodies
/// beside their originals, and retry runs with each message's outcome. Wolverine keeps everything else. The model
/// defines the tables and their migrations (applied at start-up like the business modules'); the reads and writes
/// are SQL in <see cref="OperationsStore"/>, since most of them join Wolverine's own tables.
/// </summary>
internal sealed class OperationsDbContext(DbContextOptions<OperationsDbContext> options) : DbContext(options)
{
    public const string Schema = "operations";

    /// <summary>Its own history table: the host's database also holds its business module's migrations.</summary>
    public const string MigrationsHistoryTable = "__EFMigrationsHistory";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.Entity<AuditRow>(Audit);
        modelBuilder.Entity<MessageEditRow>(MessageEdits);
        modelBuilder.Entity<RetryRunRow>(RetryRuns);
        modelBuilder.Entity<RetryRunMessageRow>(RetryRunMessages);
    }

    private static void Audit(EntityTypeBuilder<AuditRow> audit)
    {
        audit.ToTable("audit");
        audit.HasKey(a => a.Id).HasName("audit_pkey");
        audit.Property(a => a.Id).HasColumnName("id").UseSerialColumn();
        audit.Property(a => a.At).HasColumnName("at");
        audit.Property(a => a.Actor).HasColumnName("actor");
        audit.Property(a => a.Action).HasColumnName("action");
        audit.Property(a => a.Target).HasColumnName("target");
        audit.Property(a => a.Result).HasColumnName("result");
        audit.HasIndex(a => a.At).IsDescending().HasDatabaseName("audit_at");
    }

    private static void MessageEdits(EntityTypeBuilder<MessageEditRow> edits)
    {
        edits.ToTable("message_edits");
        edits.HasKey(e => e.Id).HasName("message_edits_pkey");
        edits.Property(e => e.Id).HasColumnName("id").UseSerialColumn();
        edits.Property(e => e.MessageId).HasColumnName("message_id");
        edits.Property(e => e.EditedAt).HasColumnName("edited_at");
        edits.Property(e => e.EditedBy).HasColumnName("edited_by");
        edits.Property(e => e.OriginalBody).HasColumnName("original_body");
        edits.Property(e => e.EditedBody).HasColumnName("edited_body");
        edits.HasIndex(e => e.MessageId).HasDatabaseName("message_edits_message");
    }

    private static void RetryRuns(EntityTypeBuilder<RetryRunRow> runs)
    {
        runs.ToTable("retry_runs");
        runs.HasKey(r => r.Id).HasName("retry_runs_pkey");
        runs.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        runs.Property(r => r.StartedAt).HasColumnName("started_at");
        runs.Property(r => r.StartedBy).HasColumnName("started_by");
        runs.Property(r => r.Selection).HasColumnName("selection");
        runs.Property(r => r.BatchSize).HasColumnName("batch_size");
        runs.Property(r => r.PauseMs).HasColumnName("pause_ms");
        runs.Property(r => r.Status).HasColumnName("status");
        runs.Property(r => r.FinishedAt).HasColumnName("finished_at");
        runs.HasIndex(r => r.StartedAt).IsDescending().HasDatabaseName("retry_runs_started");
    }

    private static void RetryRunMessages(EntityTypeBuilder<RetryRunMessageRow> messages)
    {
        messages.ToTable("retry_run_messages");
        messages.HasKey(m => new { m.RunId, m.MessageId }).HasName("retry_run_messages_pkey");
        messages.Property(m => m.RunId).HasColumnName("run_id");
        messages.Property(m => m.MessageId).HasColumnName("message_id");
        messages.Property(m => m.Seq).HasColumnName("seq");
        messages.Property(m => m.MessageType).HasColumnName("message_type");
        messages.Property(m => m.Outcome).HasColumnName("outcome");
        messages.Property(m => m.Batch).HasColumnName("batch");
        messages.Property(m => m.ReplayedAt).HasColumnName("replayed_at");
        messages.Property(m => m.ReplayCount).HasColumnName("replay_count");
        messages.Property(m => m.UpdatedAt).HasColumnName("updated_at");
        messages.HasOne<RetryRunRow>().WithMany().HasForeignKey(m => m.RunId)
            .HasConstraintName("retry_run_messages_run_id_fkey").OnDelete(DeleteBehavior.Cascade);
        messages.HasIndex(m => new { m.RunId, m.Outcome, m.Seq }).HasDatabaseName("retry_run_messages_outcome");
    }
}

internal sealed class AuditRow
{
    public long Id { get; init; }
    public DateTimeOffset At { get; init; }
    public required string Actor { get; init; }
    public required string Action { get; init; }
    public required string Target { get; init; }
    public required string Result { get; init; }
}

internal sealed class MessageEditRow
{
    public long Id { get; init; }
    public Guid MessageId { get; init; }
    public DateTimeOffset EditedAt { get; init; }
    public required string EditedBy { get; init; }
    public required byte[] OriginalBody { get; init; }
    public required byte[] EditedBody { get; init; }
}

internal sealed class RetryRunRow
{
    public Guid Id { get; init; }
    public DateTimeOffset StartedAt { get; init; }
    public required string StartedBy { get; init; }
    public required string Selection { get; init; }
    public int BatchSize { get; init; }
    public int PauseMs { get; init; }
    public required string Status { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }
}

internal sealed class RetryRunMessageRow
{
    public Guid RunId { get; init; }
    public Guid MessageId { get; init; }
    public int Seq { get; init; }
    public required string MessageType { get; init; }
    public required string Outcome { get; init; }
    public int? Batch { get; init; }
    public DateTimeOffset? ReplayedAt { get; init; }
    public int? ReplayCount { get; init; }
    public DateTimeOffset UpdatedAt { get; init; }
}

using HsePayord.BuildingBlocks.Persistence;
using HsePayord.Modules.Operations.FailedMessages;
using Npgsql;
using NpgsqlTypes;

namespace HsePayord.Modules.Operations.Persistence;

/// <summary>
/// What the operations API remembers beside Wolverine's own tables, in the module's database (schema
/// <c>operations</c>): the audit of operator actions, edited bodies beside their originals, and retry runs with each
/// message's outcome. The tables are <see cref="OperationsDbContext"/>'s, created by its migrations; the statements
/// here are SQL because most of them read or move rows of Wolverine's own tables with them.
/// </summary>
internal sealed class OperationsStore(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private const string Schema = OperationsDbContext.Schema;
    private const string Envelopes = ModuleDatabase.EnvelopeSchema;

    // ---- audit ----

    public async Task AuditAsync(string actor, string action, string target, string result, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {Schema}.audit (at, actor, action, target, result) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        command.Parameters.Add(new() { Value = actor });
        command.Parameters.Add(new() { Value = action });
        command.Parameters.Add(new() { Value = target });
        command.Parameters.Add(new() { Value = result });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<Page<AuditEntry>> AuditPageAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        var items = new List<AuditEntry>();
        await using (var command = dataSource.CreateCommand(
            $"SELECT id, at, actor, action, target, result FROM {Schema}.audit ORDER BY id DESC LIMIT $1 OFFSET $2"))
        {
            command.Parameters.Add(new() { Value = pageSize });
            command.Parameters.Add(new() { Value = (page - 1) * pageSize });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new AuditEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                    reader.GetString(3), reader.GetString(4), reader.GetString(5)));
            }
        }

        return new Page<AuditEntry>(items, await CountAsync($"SELECT count(*) FROM {Schema}.audit", cancellationToken), page, pageSize);
    }

    // ---- edits ----

    public async Task RecordEditAsync(Guid messageId, string editedBy, byte[] original, byte[] edited, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"INSERT INTO {Schema}.message_edits (message_id, edited_at, edited_by, original_body, edited_body) VALUES ($1, $2, $3, $4, $5)");
        command.Parameters.Add(new() { Value = messageId });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        command.Parameters.Add(new() { Value = editedBy });
        command.Parameters.Add(new() { Value = original });
        command.Parameters.Add(new() { Value = edited });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<MessageEdit>> EditsOfAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT edited_at, edited_by, original_body, edited_body FROM {Schema}.message_edits WHERE message_id = $1 ORDER BY id");
        command.Parameters.Add(new() { Value = messageId });
        var edits = new List<MessageEdit>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            edits.Add(new MessageEdit(reader.GetFieldValue<DateTimeOffset>(0), reader.GetString(1),
                MessageBody.Show(reader.GetFieldValue<byte[]>(2)), MessageBody.Show(reader.GetFieldValue<byte[]>(3))));
        }

        return edits;
    }

    // ---- retry runs ----

    public async Task CreateRunAsync(RetryRunRecord run, IReadOnlyList<(Guid Id, string MessageType)> messages, bool alreadyReplayed,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var command = new NpgsqlCommand(
            $"INSERT INTO {Schema}.retry_runs (id, started_at, started_by, selection, batch_size, pause_ms, status) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            connection, transaction))
        {
            command.Parameters.Add(new() { Value = run.Id });
            command.Parameters.Add(new() { Value = run.StartedAt });
            command.Parameters.Add(new() { Value = run.StartedBy });
            command.Parameters.Add(new() { Value = run.Selection });
            command.Parameters.Add(new() { Value = run.BatchSize });
            command.Parameters.Add(new() { Value = run.PauseMs });
            command.Parameters.Add(new() { Value = run.Status });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(
            $"""
            INSERT INTO {Schema}.retry_run_messages (run_id, message_id, seq, message_type, outcome, batch, replayed_at, updated_at)
            SELECT $1, id, ord, type, $4, $5, $6, $6 FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS m(id, type, ord)
            ON CONFLICT DO NOTHING
            """, connection, transaction))
        {
            command.Parameters.Add(new() { Value = run.Id });
            command.Parameters.Add(new() { Value = messages.Select(m => m.Id).ToArray() });
            command.Parameters.Add(new() { Value = messages.Select(m => m.MessageType).ToArray() });
            command.Parameters.Add(new() { Value = alreadyReplayed ? RetryOutcomes.InFlight : RetryOutcomes.Waiting });
            command.Parameters.Add(new() { Value = alreadyReplayed ? 1 : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            command.Parameters.Add(new() { Value = now });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<RetryRunRecord?> RunAsync(Guid runId, CancellationToken cancellationToken) =>
        (await RunsAsync("WHERE id = $1", [runId], 1, 0, cancellationToken)).FirstOrDefault();

    public async Task<Page<RetryRunRecord>> RunPageAsync(int page, int pageSize, CancellationToken cancellationToken) =>
        new(await RunsAsync("", [], pageSize, (page - 1) * pageSize, cancellationToken),
            await CountAsync($"SELECT count(*) FROM {Schema}.retry_runs", cancellationToken), page, pageSize);

    private async Task<List<RetryRunRecord>> RunsAsync(string where, object[] arguments, int limit, int offset, CancellationToken cancellationToken)
    {
        var sql = $"""
            SELECT r.id, r.started_at, r.started_by, r.selection, r.batch_size, r.pause_ms, r.status, r.finished_at,
                   count(m.message_id),
                   count(m.message_id) FILTER (WHERE m.outcome = '{RetryOutcomes.Waiting}'),
                   count(m.message_id) FILTER (WHERE m.outcome = '{RetryOutcomes.InFlight}'),
                   count(m.message_id) FILTER (WHERE m.outcome = '{RetryOutcomes.Processed}'),
                   count(m.message_id) FILTER (WHERE m.outcome = '{RetryOutcomes.FailedAgain}'),
                   count(m.message_id) FILTER (WHERE m.outcome = '{RetryOutcomes.Skipped}'),
                   coalesce(max(m.batch), 0)
            FROM {Schema}.retry_runs r LEFT JOIN {Schema}.retry_run_messages m ON m.run_id = r.id
            {where}
            GROUP BY r.id ORDER BY r.started_at DESC LIMIT {limit} OFFSET {offset}
            """;
        await using var command = dataSource.CreateCommand(sql);
        foreach (var argument in arguments)
        {
            command.Parameters.Add(new() { Value = argument });
        }

        var runs = new List<RetryRunRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            runs.Add(new RetryRunRecord(reader.GetGuid(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2),
                reader.GetString(3), reader.GetInt32(4), reader.GetInt32(5), reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7))
            {
                Total = (int)reader.GetInt64(8),
                Waiting = (int)reader.GetInt64(9),
                InFlight = (int)reader.GetInt64(10),
                Processed = (int)reader.GetInt64(11),
                FailedAgain = (int)reader.GetInt64(12),
                Skipped = (int)reader.GetInt64(13),
                Batches = reader.GetInt32(14),
            });
        }

        return runs;
    }

    public async Task<Page<RetryRunMessage>> RunMessagesAsync(Guid runId, string? outcome, int page, int pageSize, CancellationToken cancellationToken)
    {
        var filter = outcome is null ? "" : "AND outcome = $2";
        var items = new List<RetryRunMessage>();
        await using (var command = dataSource.CreateCommand($"""
            SELECT message_id, message_type, outcome, batch, replayed_at, replay_count, updated_at
            FROM {Schema}.retry_run_messages WHERE run_id = $1 {filter} ORDER BY seq LIMIT {pageSize} OFFSET {(page - 1) * pageSize}
            """))
        {
            command.Parameters.Add(new() { Value = runId });
            if (outcome is not null)
            {
                command.Parameters.Add(new() { Value = outcome });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                items.Add(new RetryRunMessage(reader.GetGuid(0), reader.GetString(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
                    reader.IsDBNull(5) ? null : reader.GetInt32(5),
                    reader.GetFieldValue<DateTimeOffset>(6)));
            }
        }

        await using var count = dataSource.CreateCommand($"SELECT count(*) FROM {Schema}.retry_run_messages WHERE run_id = $1 {filter}");
        count.Parameters.Add(new() { Value = runId });
        if (outcome is not null)
        {
            count.Parameters.Add(new() { Value = outcome });
        }

        return new Page<RetryRunMessage>(items, (long)(await count.ExecuteScalarAsync(cancellationToken))!, page, pageSize);
    }

    /// <summary>The next <paramref name="size"/> waiting messages of a run, which the caller is about to replay.</summary>
    public async Task<IReadOnlyList<Guid>> NextWaitingAsync(Guid runId, int size, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT message_id FROM {Schema}.retry_run_messages WHERE run_id = $1 AND outcome = '{RetryOutcomes.Waiting}' ORDER BY seq LIMIT $2");
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = size });
        var ids = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            ids.Add(reader.GetGuid(0));
        }

        return ids;
    }

    /// <summary>Those of <paramref name="ids"/> that are still live (not archived) dead letters, i.e. can be replayed now.</summary>
    public async Task<IReadOnlyList<Guid>> ReplayableDeadLettersAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT id FROM {Envelopes}.wolverine_dead_letters WHERE id = ANY($1) AND archived_at IS NULL");
        command.Parameters.Add(new() { Value = ids.ToArray() });
        var live = new List<Guid>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            live.Add(reader.GetGuid(0));
        }

        return live;
    }

    /// <summary>
    /// Moves dead letters back into the inbox as new incoming envelopes owned by no node, which Wolverine's inbox
    /// recovery hands to their listener, and counts the replay in Wolverine's dead-letter history (so a letter that
    /// fails again shows how often it was replayed), in one statement. Not Wolverine's own replay: that marks the
    /// letters replayable, then copies every replayable letter into the inbox with one statement and deletes them with
    /// a later one, each statement seeing the letters marked by then. A letter marked in between is deleted without
    /// being copied, and its message is lost; a CI run's retry of 500 letters found 50 of them in neither table.
    /// </summary>
    public Task<int> ReplayAsync(IReadOnlyList<Guid> ids, CancellationToken cancellationToken) =>
        MoveToInboxAsync(ids, replacementEnvelope: null, cancellationToken);

    /// <summary>
    /// <see cref="ReplayAsync"/> for one letter whose serialized envelope is replaced by <paramref name="envelope"/>
    /// (an operator's edited body) in the same statement.
    /// </summary>
    public async Task<bool> ReplayEditedAsync(Guid id, byte[] envelope, CancellationToken cancellationToken) =>
        await MoveToInboxAsync([id], envelope, cancellationToken) == 1;

    private async Task<int> MoveToInboxAsync(IReadOnlyList<Guid> ids, byte[]? replacementEnvelope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH replayed AS (
                DELETE FROM {Envelopes}.wolverine_dead_letters
                WHERE id = ANY($1) AND archived_at IS NULL
                RETURNING id, body, message_type, received_at, replay_count, first_failed_at, failed_at),
            history AS (
                INSERT INTO {Envelopes}.wolverine_dead_letter_history (id, replay_count, last_replayed_at, first_failed_at)
                SELECT id, coalesce(replay_count, 0) + 1, $2, coalesce(first_failed_at, failed_at) FROM replayed
                ON CONFLICT (id) DO UPDATE
                SET replay_count = excluded.replay_count, last_replayed_at = excluded.last_replayed_at)
            INSERT INTO {Envelopes}.wolverine_incoming_envelopes
                (id, status, owner_id, execution_time, attempts, body, message_type, received_at, keep_until)
            SELECT id, 'Incoming', 0, NULL, 0, coalesce($3, body), message_type, received_at, NULL FROM replayed
            """);
        command.Parameters.Add(new() { Value = ids.ToArray() });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        command.Parameters.Add(new() { Value = (object?)replacementEnvelope ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bytea });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task MarkAsync(Guid runId, IReadOnlyList<Guid> ids, string outcome, int? batch, bool replayedNow, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand($"""
            UPDATE {Schema}.retry_run_messages
            SET outcome = $3, batch = coalesce($4, batch), replayed_at = CASE WHEN $5 THEN $6 ELSE replayed_at END, updated_at = $6
            WHERE run_id = $1 AND message_id = ANY($2)
            """);
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = ids.ToArray() });
        command.Parameters.Add(new() { Value = outcome });
        command.Parameters.Add(new() { Value = batch.HasValue ? batch.Value : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        command.Parameters.Add(new() { Value = replayedNow });
        command.Parameters.Add(new() { Value = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Settles the run's in-flight messages whose fate is known, reading Wolverine's own tables: back in the dead
    /// letters, failed after the replay → failed again; gone from the dead letters and marked handled in the
    /// durable inbox → processed. Anything else (waiting for the durability agent, in the inbox, in a scheduled
    /// retry) stays in flight. Returns how many are still in flight.
    /// </summary>
    public async Task<int> SettleInFlightAsync(Guid runId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH fate AS (
                SELECT m.message_id,
                       CASE
                           WHEN d.id IS NOT NULL AND NOT d.replayable AND d.failed_at > m.replayed_at THEN '{RetryOutcomes.FailedAgain}'
                           WHEN d.id IS NULL AND i.status = 'Handled' THEN '{RetryOutcomes.Processed}'
                       END AS outcome,
                       d.replay_count
                FROM {Schema}.retry_run_messages m
                LEFT JOIN {Envelopes}.wolverine_dead_letters d ON d.id = m.message_id
                LEFT JOIN {Envelopes}.wolverine_incoming_envelopes i ON i.id = m.message_id
                WHERE m.run_id = $1 AND m.outcome = '{RetryOutcomes.InFlight}')
            UPDATE {Schema}.retry_run_messages m
            SET outcome = fate.outcome, replay_count = fate.replay_count, updated_at = $2
            FROM fate
            WHERE m.run_id = $1 AND m.message_id = fate.message_id AND fate.outcome IS NOT NULL
            """);
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);

        await using var count = dataSource.CreateCommand(
            $"SELECT count(*) FROM {Schema}.retry_run_messages WHERE run_id = $1 AND outcome = '{RetryOutcomes.InFlight}'");
        count.Parameters.Add(new() { Value = runId });
        return (int)(long)(await count.ExecuteScalarAsync(cancellationToken))!;
    }

    public async Task SetRunStatusAsync(Guid runId, string status, bool finished, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE {Schema}.retry_runs SET status = $2, finished_at = CASE WHEN $3 THEN $4 ELSE finished_at END WHERE id = $1");
        command.Parameters.Add(new() { Value = runId });
        command.Parameters.Add(new() { Value = status });
        command.Parameters.Add(new() { Value = finished });
        command.Parameters.Add(new() { Value = clock.GetUtcNow() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    // ---- failed messages (Wolverine's dead-letter table) ----

    /// <summary>
    /// One failed message of each group (its exception type and message), in one query whatever the number of groups;
    /// Wolverine's own summary gives counts and times, not an example.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, FailureSample>> FailureSamplesAsync(
        Grouping grouping, bool archived, CancellationToken cancellationToken)
    {
        // The group keys as Wolverine's summary reports them; a failure without a group is grouped by its exception type.
        var key = grouping switch
        {
            Grouping.MessageType => "message_type",
            Grouping.Endpoint => "received_at",
            Grouping.ExceptionType => "exception_type",
            _ => "coalesce(failure_group, exception_type)",
        };
        await using var command = dataSource.CreateCommand($"""
            SELECT DISTINCT ON ({key}) {key}, exception_type, exception_message
            FROM {Envelopes}.wolverine_dead_letters
            WHERE {key} IS NOT NULL AND (archived_at IS NOT NULL) = $1
            ORDER BY {key}, execution_time, id
            """);
        command.Parameters.Add(new() { Value = archived });
        var samples = new Dictionary<string, FailureSample>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            samples[reader.GetString(0)] = new FailureSample(
                reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2));
        }

        return samples;
    }

    private async Task<long> CountAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}

internal sealed record FailureSample(string? ExceptionType, string? ExceptionMessage);

internal sealed record Page<T>(IReadOnlyList<T> Items, long TotalCount, int PageNumber, int PageSize);

internal sealed record AuditEntry(long Id, DateTimeOffset At, string Actor, string Action, string Target, string Result);

internal sealed record MessageEdit(DateTimeOffset EditedAt, string EditedBy, MessageBody OriginalBody, MessageBody EditedBody);

internal static class RetryOutcomes
{
    public const string Waiting = "Waiting";
    public const string InFlight = "InFlight";
    public const string Processed = "Processed";
    public const string FailedAgain = "FailedAgain";
    /// <summary>No longer a live dead letter when its batch came (retried, archived or discarded meanwhile).</summary>
    public const string Skipped = "Skipped";
}

internal static class RetryRunStatuses
{
    public const string Running = "Running";
    public const string Completed = "Completed";
    public const string Cancelled = "Cancelled";
    public const string Interrupted = "Interrupted";
}

internal sealed record RetryRunRecord(
    Guid Id, DateTimeOffset StartedAt, string StartedBy, string Selection, int BatchSize, int PauseMs, string Status,
    DateTimeOffset? FinishedAt)
{
    public int Total { get; init; }
    public int Waiting { get; init; }
    public int InFlight { get; init; }
    public int Processed { get; init; }
    public int FailedAgain { get; init; }
    public int Skipped { get; init; }
    public int Batches { get; init; }
}

internal sealed record RetryRunMessage(
    Guid MessageId, string MessageType, string Outcome, int? Batch, DateTimeOffset? ReplayedAt, int? ReplayCount,
    DateTimeOffset UpdatedAt);

using System.Diagnostics;
using System.Threading.Channels;
using HsePayord.BuildingBlocks.Application;
using HsePayord.BuildingBlocks.Hosting;
using HsePayord.BuildingBlocks.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace HsePayord.Modules.Operations.Contracts.Journey;

public sealed class JourneyOptions
{
    public const string Section = "Journey";

    /// <summary>The switch: off, nothing is written (the API answers with no steps).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How long steps are kept (deleted every <see cref="RetentionOptions.PurgeInterval"/>).</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);
}

/// <summary>
/// Writes a subject's journey steps: into the unit of work's own transaction where the step describes that work
/// (<see cref="Enlist"/>: free, it commits or rolls back with it), or batched in the background for what happens
/// outside a transaction (<see cref="Post"/>: a send, a failure, a push).
/// </summary>
public interface IJournal
{
    bool Enabled { get; }

    void Enlist(DbContext db, Guid subjectId, string stepName, Guid? messageId = null, string? detail = null);

    void Post(Guid subjectId, string stepName, string kind = JourneyStepKind.Step, Guid? messageId = null, string? detail = null);
}

internal sealed class Journal(IOptions<JourneyOptions> options, HostIdentity host, TimeProvider clock) : IJournal
{
    private const int MaxDetailLength = 1000;

    private readonly Channel<JourneyStep> _pending = Channel.CreateBounded<JourneyStep>(
        new BoundedChannelOptions(100_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    // The subjects of recently journaled messages, so a redelivery reported by message id alone finds its order.
    private const int RecentMessages = 50_000;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<Guid, Guid> _subjectsByMessage = new();
    private readonly System.Collections.Concurrent.ConcurrentQueue<Guid> _messageOrder = new();

    public bool Enabled { get; } = options.Value.Enabled;

    public Guid? SubjectOfMessage(Guid messageId) => _subjectsByMessage.TryGetValue(messageId, out var subject) ? subject : null;

    public ChannelReader<JourneyStep> Pending => _pending.Reader;

    public void Complete() => _pending.Writer.TryComplete();

    public void Enlist(DbContext db, Guid subjectId, string stepName, Guid? messageId = null, string? detail = null)
    {
        if (Enabled)
        {
            db.Set<JourneyStep>().Add(Create(subjectId, stepName, JourneyStepKind.Step, messageId, detail));
        }
    }

    public void Post(Guid subjectId, string stepName, string kind = JourneyStepKind.Step, Guid? messageId = null, string? detail = null)
    {
        if (Enabled)
        {
            _pending.Writer.TryWrite(Create(subjectId, stepName, kind, messageId, detail));
        }
    }

    private void Remember(Guid messageId, Guid subjectId)
    {
        if (_subjectsByMessage.TryAdd(messageId, subjectId))
        {
            _messageOrder.Enqueue(messageId);
            while (_messageOrder.Count > RecentMessages && _messageOrder.TryDequeue(out var oldest))
            {
                _subjectsByMessage.TryRemove(oldest, out _);
            }
        }
    }

    private JourneyStep Create(Guid subjectId, string step, string kind, Guid? messageId, string? detail)
    {
        if (messageId is { } id)
        {
            Remember(id, subjectId);
        }

        var activity = Activity.Current;
        return new JourneyStep
        {
            SubjectId = subjectId,
            Step = step,
            Kind = kind,
            // Microseconds, as PostgreSQL keeps them.
            At = clock.GetUtcNowForStorage(),
            Host = host.Service,
            Instance = host.Instance,
            MessageId = messageId,
            Detail = detail is { Length: > MaxDetailLength } ? detail[..MaxDetailLength] : detail,
            TraceId = activity?.TraceId.ToHexString(),
            SpanId = activity?.SpanId.ToHexString(),
        };
    }
}

/// <summary>Writes posted steps in batches (one INSERT for whatever has accumulated).</summary>
internal sealed partial class JournalWriter<TContext>(
    Journal journal,
    IServiceScopeFactory scopes,
    ILogger<JournalWriter<TContext>> logger) : BackgroundService
    where TContext : DbContext
{
    private const int MaxBatch = 500;
    private static readonly TimeSpan BatchWindow = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!journal.Enabled)
        {
            return;
        }

        var batch = new List<JourneyStep>(MaxBatch);
        try
        {
            while (await journal.Pending.WaitToReadAsync(stoppingToken))
            {
                // Let a burst accumulate: one round trip for many steps.
                await Task.Delay(BatchWindow, stoppingToken);
                await DrainAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        // Whatever is still pending when the host stops.
        await DrainAsync(batch, CancellationToken.None);
    }

    private async Task DrainAsync(List<JourneyStep> batch, CancellationToken cancellationToken)
    {
        while (true)
        {
            batch.Clear();
            while (batch.Count < MaxBatch && journal.Pending.TryRead(out var step))
            {
                batch.Add(step);
            }

            if (batch.Count == 0)
            {
                return;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<TContext>();
                db.Set<JourneyStep>().AddRange(batch);
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The journal describes the work; it must never stand in its way.
                LogWriteFailed(exception, batch.Count);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not write {Count} journey steps")]
    private partial void LogWriteFailed(Exception exception, int count);
}

/// <summary>Reads a subject's journey and deletes expired steps on demand (operators, tests).</summary>
public interface IJournalStore
{
    Task<IReadOnlyList<JourneyStepResponse>> ReadAsync(Guid subjectId, CancellationToken cancellationToken);

    /// <summary>Deletes the steps older than the retention; returns how many.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken);
}

internal sealed class JournalStore<TContext>(
    IServiceScopeFactory scopes, ExpiringRows<TContext> expiringSteps, TimeProvider clock) : IJournalStore
    where TContext : DbContext
{
    public async Task<IReadOnlyList<JourneyStepResponse>> ReadAsync(Guid subjectId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var steps = await db.Set<JourneyStep>().AsNoTracking()
            .Where(s => s.SubjectId == subjectId)
            .OrderBy(s => s.At).ThenBy(s => s.Id)
            .ToListAsync(cancellationToken);
        return steps.ConvertAll(JourneyStepResponse.From);
    }

    public Task<int> PurgeExpiredAsync(CancellationToken cancellationToken) =>
        expiringSteps.DeleteExpiredAsync(scopes, clock.GetUtcNow(), cancellationToken);
}

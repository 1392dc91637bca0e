using System.Collections.Concurrent;
using System.Threading.Channels;
using HsePayord.BuildingBlocks.Application;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Wolverine.Runtime;

namespace HsePayord.Modules.Operations.Retries;

/// <summary>
/// Retries failed messages in batches of a chosen size at a chosen pace: a batch is replayed only when the previous
/// one has settled (each message processed or failed again) and the pause has passed, so no more than one batch is
/// ever in flight. Wolverine's replay itself moves every matching dead letter at once; this is the pacing on top.
/// Progress and outcomes are kept in the module's database, so any replica can report them.
/// </summary>
internal sealed partial class RetryRunner(OperationsStore store, IWolverineRuntime runtime, TimeProvider clock, ILogger<RetryRunner> logger)
    : BackgroundService
{
    public const int MaxBatchSize = 1000;
    public const int MaxPauseMs = 600_000;
    public const int MaxMessagesPerRun = 100_000;
    private static readonly TimeSpan SettlePolling = TimeSpan.FromMilliseconds(250);

    private readonly Channel<Guid> _runs = Channel.CreateUnbounded<Guid>();
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _active = new();

    public async Task<RetryRunRecord> StartAsync(
        DeadLetterSelection selection, int batchSize, int pauseMs, string actor, CancellationToken cancellationToken)
    {
        var messages = new List<(Guid, string)>();
        var query = selection.ToQuery(archived: false);
        query.PageSize = 1000;
        for (query.PageNumber = 1; messages.Count < MaxMessagesPerRun; query.PageNumber++)
        {
            var page = await runtime.Storage.DeadLetters.QueryAsync(query, cancellationToken);
            messages.AddRange(page.Envelopes.Select(e => (e.Id, e.MessageType)));
            if (page.Envelopes.Count < query.PageSize)
            {
                break;
            }
        }

        if (messages.Count == 0)
        {
            throw new NotFoundException("Nothing to retry", $"No failed message matches {selection.Describe()}.");
        }

        var run = new RetryRunRecord(Guid.NewGuid(), clock.GetUtcNow(), actor, selection.Describe(), batchSize, pauseMs,
            RetryRunStatuses.Running, null);
        await store.CreateRunAsync(run, messages, alreadyReplayed: false, cancellationToken);
        await store.AuditAsync(actor, "retry", run.Selection,
            $"started run {run.Id}: {messages.Count} messages, {batchSize} at a time, {pauseMs} ms apart", cancellationToken);
        Enqueue(run.Id);
        return (await store.RunAsync(run.Id, cancellationToken))!;
    }

    /// <summary>A run of one message that the caller replays itself (edit and retry) right after this returns.</summary>
    public async Task<RetryRunRecord> TrackAsync(Guid messageId, string messageType, string selection, string actor, CancellationToken cancellationToken)
    {
        var run = new RetryRunRecord(Guid.NewGuid(), clock.GetUtcNow(), actor, selection, 1, 0, RetryRunStatuses.Running, null);
        await store.CreateRunAsync(run, [(messageId, messageType)], alreadyReplayed: true, cancellationToken);
        return run;
    }

    public void Enqueue(Guid runId) => _runs.Writer.TryWrite(runId);

    public bool Cancel(Guid runId)
    {
        if (!_active.TryGetValue(runId, out var cancellation))
        {
            return false;
        }

        cancellation.Cancel();
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var runId in _runs.Reader.ReadAllAsync(stoppingToken))
        {
            _ = Task.Run(() => RunAsync(runId, stoppingToken), stoppingToken);
        }
    }

    private async Task RunAsync(Guid runId, CancellationToken stoppingToken)
    {
        using var cancellation = new CancellationTokenSource();
        _active[runId] = cancellation;
        try
        {
            var run = (await store.RunAsync(runId, stoppingToken))!;
            var batch = run.Batches;
            while (true)
            {
                if (await store.SettleInFlightAsync(runId, stoppingToken) > 0)
                {
                    await Task.Delay(SettlePolling, clock, stoppingToken);
                    continue;
                }

                if (cancellation.IsCancellationRequested)
                {
                    break;
                }

                var next = await store.NextWaitingAsync(runId, run.BatchSize, stoppingToken);
                if (next.Count == 0)
                {
                    break;
                }

                if (batch > 0 && run.PauseMs > 0)
                {
                    try
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(run.PauseMs), clock,
                            CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, cancellation.Token).Token);
                    }
                    catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                    {
                        break;
                    }
                }

                batch++;
                var live = await store.ReplayableDeadLettersAsync(next, stoppingToken);
                await store.MarkAsync(runId, next.Except(live).ToList(), RetryOutcomes.Skipped, batch, replayedNow: false, stoppingToken);
                // Marked before the replay, so a failure after it is recognised as "failed again" by its time.
                await store.MarkAsync(runId, live, RetryOutcomes.InFlight, batch, replayedNow: true, stoppingToken);
                if (live.Count > 0)
                {
                    await store.ReplayAsync(live, stoppingToken);
                }
            }

            var status = cancellation.IsCancellationRequested ? RetryRunStatuses.Cancelled : RetryRunStatuses.Completed;
            await store.SetRunStatusAsync(runId, status, finished: true, stoppingToken);
            var done = (await store.RunAsync(runId, stoppingToken))!;
            await store.AuditAsync(done.StartedBy, "retry", done.Selection,
                $"run {runId} {status.ToLowerInvariant()}: {done.Processed} processed, {done.FailedAgain} failed again, " +
                $"{done.Skipped} skipped, {done.Waiting} not retried", stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            LogRunStopped(logger, exception, runId);
            await store.SetRunStatusAsync(runId, RetryRunStatuses.Interrupted, finished: true, CancellationToken.None);
        }
        finally
        {
            _active.TryRemove(runId, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Retry run {RunId} stopped")]
    private static partial void LogRunStopped(ILogger logger, Exception exception, Guid runId);
}

using Microsoft.EntityFrameworkCore;
using Wolverine.EntityFrameworkCore;
using Wolverine.Runtime;

namespace HsePayord.BuildingBlocks.Persistence;

/// <summary>Messages a command handler wants published if, and only if, its changes commit.</summary>
public interface IOutbox
{
    void Enqueue(object message);
}

/// <summary>
/// Commits one command's changes and the messages it enqueued in a single database transaction, through
/// Wolverine's EF Core outbox: envelopes are stored with the business rows and sent right after the commit.
/// </summary>
public interface IUnitOfWork
{
    DbContext DbContext { get; }

    Task CommitAsync(CancellationToken cancellationToken);

    /// <summary>Forgets everything tracked or enqueued so a conflicting attempt can run again from scratch.</summary>
    Task ResetAsync();
}

/// <summary>
/// Marks a scope whose commands are rehearsed rather than committed: each runs its whole path and writes its rows and
/// outgoing envelopes inside one transaction that is rolled back at the end, and nothing is sent. The start-up warm-up
/// rehearses the first order's writes so that the first real order does not pay for what only a write exercises
/// (EF Core's update pipeline and SQL for each entity, the outbox's envelope rows, the row locks).
/// </summary>
public sealed class UnitOfWorkRehearsal
{
    public bool IsActive { get; private set; }

    public void Begin() => IsActive = true;
}

internal sealed class OutboxUnitOfWork<TContext>(TContext dbContext, IWolverineRuntime runtime, UnitOfWorkRehearsal rehearsal)
    : IUnitOfWork, IOutbox where TContext : DbContext
{
    private readonly List<object> _messages = [];

    public DbContext DbContext => dbContext;

    public void Enqueue(object message) => _messages.Add(message);

    public async Task CommitAsync(CancellationToken cancellationToken)
    {
        if (rehearsal.IsActive)
        {
            await RehearseCommitAsync(cancellationToken);
            return;
        }

        if (_messages.Count == 0)
        {
            await dbContext.SaveChangesAsync(cancellationToken);
            return;
        }

        var outbox = await EnlistMessagesAsync();
        await outbox.SaveChangesAndFlushMessagesAsync(cancellationToken);
        _messages.Clear();
    }

    /// <summary>
    /// The enqueued messages, published into a fresh outbox over this DbContext: their envelopes are saved with the
    /// changes and sent only when the outbox is flushed. Fresh per commit, because a Wolverine outbox flushes once and
    /// an attempt that lost a conflict must not leave its envelopes behind for the retry.
    /// </summary>
    private async Task<DbContextOutbox<TContext>> EnlistMessagesAsync()
    {
        var outbox = new DbContextOutbox<TContext>(runtime, dbContext, []);
        foreach (var message in _messages)
        {
            await outbox.PublishAsync(message);
        }

        return outbox;
    }

    /// <summary>
    /// Everything <see cref="CommitAsync"/> writes, in a transaction left open for the rehearsal's end to roll back.
    /// The envelopes are enlisted in an outbox that is never flushed, so none is sent.
    /// </summary>
    private async Task RehearseCommitAsync(CancellationToken cancellationToken)
    {
        if (dbContext.Database.CurrentTransaction is null)
        {
            await dbContext.Database.BeginTransactionAsync(cancellationToken);
        }

        if (_messages.Count > 0)
        {
            await EnlistMessagesAsync();
        }

        await dbContext.SaveChangesAsync(cancellationToken);
        _messages.Clear();
    }

    public async Task ResetAsync()
    {
        if (dbContext.Database.CurrentTransaction is { } transaction)
        {
            await transaction.DisposeAsync();
        }

        dbContext.ChangeTracker.Clear();
        _messages.Clear();
    }
}

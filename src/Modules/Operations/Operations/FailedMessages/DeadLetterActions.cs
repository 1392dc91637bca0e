using Wolverine.Persistence.Durability.DeadLetterManagement;
using Wolverine.Runtime;

namespace HsePayord.Modules.Operations.FailedMessages;

internal sealed record ActionResult(string Action, string Selection, int Affected);

/// <summary>Archives or restores a selection of failed messages, audited.</summary>
internal sealed class DeadLetterActions(IWolverineRuntime runtime, OperationsStore store)
{
    public Task<ActionResult> ArchiveAsync(DeadLetterSelection selection, string actor, CancellationToken cancellationToken) =>
        ApplyAsync("archive", selection, archived: false, runtime.Storage.DeadLetters.ArchiveMatchingAsync, actor, cancellationToken);

    public Task<ActionResult> RestoreAsync(DeadLetterSelection selection, string actor, CancellationToken cancellationToken) =>
        ApplyAsync("restore", selection, archived: true, runtime.Storage.DeadLetters.RestoreMatchingAsync, actor, cancellationToken);

    private async Task<ActionResult> ApplyAsync(
        string action, DeadLetterSelection selection, bool archived,
        Func<DeadLetterEnvelopeQuery, CancellationToken, Task<DeadLetterOperationResult>> operation,
        string actor, CancellationToken cancellationToken)
    {
        selection.Validate();
        var result = await operation(selection.ToQuery(archived), cancellationToken);
        var affected = result.Affected ?? 0;
        await store.AuditAsync(actor, action, selection.Describe(), $"{affected} messages", cancellationToken);
        return new ActionResult(action, selection.Describe(), affected);
    }
}

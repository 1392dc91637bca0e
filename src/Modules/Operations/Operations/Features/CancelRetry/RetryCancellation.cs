namespace HsePayord.Modules.Operations.Features.CancelRetry;

/// <summary>Cancels a run this replica drives, audited; a run driven elsewhere or already over is a conflict.</summary>
internal sealed class RetryCancellation(OperationsStore store, RetryRunner runner)
{
    public async Task<Outcome<RetryRunRecord>> CancelAsync(Guid id, string actor, CancellationToken cancellationToken)
    {
        var run = await store.RunAsync(id, cancellationToken);
        if (run is null)
        {
            return OperationProblem.NoSuchRun(id);
        }

        if (run.Status != RetryRunStatuses.Running || !runner.Cancel(id))
        {
            return OperationProblem.Conflict("The retry run cannot be cancelled here",
                run.Status == RetryRunStatuses.Running
                    ? $"Run {id} is driven by another replica of this service."
                    : $"Run {id} is {run.Status.ToLowerInvariant()} already.");
        }

        await store.AuditAsync(actor, "cancel-retry", $"run {id}", "cancellation requested", cancellationToken);
        return (await store.RunAsync(id, cancellationToken))!;
    }
}

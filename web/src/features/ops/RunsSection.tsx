import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import type { RetryRun, Service } from './api';
import { ago, when } from './format';
import { REFRESH_MS } from './OpsLayout';
import { useOps } from './OpsSession';

/** Retries in progress and done: each message counts only once it has settled (processed or failed again). */
export function RunsSection({ service }: { service: Service }) {
  const { clients, operator } = useOps();
  const queryClient = useQueryClient();
  const runs = useQuery({
    queryKey: ['ops', service, 'retries'],
    queryFn: () => clients[service].retries(),
    refetchInterval: REFRESH_MS,
  });
  const cancel = useMutation({
    mutationFn: (id: string) => clients[service].cancelRetry(id),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['ops', service] }),
  });
  return (
    <section className="card ops-section" aria-label="Retries">
      <div className="ops-section__header">
        <h2>Retries</h2>
        <span className="ops-muted">processed / failed again / in flight / waiting</span>
      </div>
      {runs.data?.items.length === 0 && <p className="empty">No retries yet.</p>}
      {runs.data && runs.data.items.length > 0 && (
        <table className="ops-table">
          <thead>
            <tr>
              <th>Started</th>
              <th>What</th>
              <th>Pace</th>
              <th>Progress</th>
              <th>Outcome</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.data.items.map((run) => (
              <tr key={run.id} data-testid="retry-run" data-status={run.status}>
                <td title={when(run.startedAt)}>
                  <Link to={`/ops/${service}/retries/${run.id}`}>{ago(run.startedAt)}</Link>
                  <div className="ops-muted">{run.startedBy}</div>
                </td>
                <td>{run.selection}</td>
                <td>
                  {run.batchSize} at a time, {run.pauseMs} ms apart
                </td>
                <td>
                  <Progress run={run} />
                </td>
                <td data-testid="retry-outcome">
                  <RunOutcome run={run} />
                </td>
                <td>
                  {operator.canAct && run.status === 'Running' && (
                    <button
                      type="button"
                      className="button button--small button--ghost"
                      onClick={() => cancel.mutate(run.id)}
                    >
                      Cancel
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

export function RunOutcome({ run }: { run: RetryRun }) {
  return (
    <>
      <strong>{run.status}</strong>: {run.processed} processed, {run.failedAgain} failed again
      {run.inFlight > 0 && `, ${run.inFlight} in flight`}
      {run.waiting > 0 && `, ${run.waiting} waiting`}
      {run.skipped > 0 && `, ${run.skipped} skipped`} (of {run.total}, batch {run.batches})
    </>
  );
}

export function Progress({ run }: { run: RetryRun }) {
  const pct = (n: number) => `${run.total ? (100 * n) / run.total : 0}%`;
  return (
    <div
      className="ops-progress"
      role="progressbar"
      aria-label="Retry progress"
      aria-valuemin={0}
      aria-valuemax={run.total}
      aria-valuenow={run.processed + run.failedAgain + run.skipped}
    >
      <span className="processed" style={{ width: pct(run.processed) }} />
      <span className="failed" style={{ width: pct(run.failedAgain) }} />
      <span className="skipped" style={{ width: pct(run.skipped) }} />
      <span className="inflight" style={{ width: pct(run.inFlight) }} />
    </div>
  );
}

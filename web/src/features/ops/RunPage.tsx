import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useParams } from 'react-router';
import { isService, shortType } from './api';
import { when } from './format';
import { REFRESH_MS } from './OpsLayout';
import { useOps } from './OpsSession';
import { Progress, RunOutcome } from './RunsSection';

const OUTCOMES = ['', 'Processed', 'FailedAgain', 'InFlight', 'Waiting', 'Skipped'];

/** One retry run: its progress and each message's outcome. */
export function RunPage() {
  const { service, runId } = useParams();
  const { clients } = useOps();
  const [outcome, setOutcome] = useState('');
  const run = useQuery({
    queryKey: ['ops', service, 'retries', runId, outcome],
    queryFn: () => clients[service as 'orders'].retryRun(runId!, outcome || undefined),
    enabled: isService(service),
    refetchInterval: REFRESH_MS,
  });
  if (!isService(service)) return <Navigate to="/ops" replace />;
  const data = run.data;
  return (
    <section className="card ops-section" aria-label="Retry run">
      <div className="ops-section__header">
        <Link to={`/ops/${service}`}>← {service}</Link>
        <h2>Retry run {runId}</h2>
      </div>
      {run.error && <p className="form-error">{run.error.message}</p>}
      {data && (
        <>
          <p>
            {data.run.selection} — started {when(data.run.startedAt)} by {data.run.startedBy}; {data.run.batchSize} at a
            time, {data.run.pauseMs} ms apart
          </p>
          <Progress run={data.run} />
          <p data-testid="run-outcome">
            <RunOutcome run={data.run} />
          </p>
          <label className="ops-controls">
            Show{' '}
            <select value={outcome} onChange={(e) => setOutcome(e.target.value)} aria-label="Outcome">
              {OUTCOMES.map((o) => (
                <option key={o} value={o}>
                  {o || 'all'}
                </option>
              ))}
            </select>
          </label>
          <table className="ops-table">
            <thead>
              <tr>
                <th>Message</th>
                <th>Batch</th>
                <th>Outcome</th>
                <th className="num">Replay count</th>
                <th>Settled</th>
              </tr>
            </thead>
            <tbody>
              {data.messages.items.map((m) => (
                <tr key={m.messageId}>
                  <td>
                    <Link to={`/ops/${service}/messages/${m.messageId}`}>{shortType(m.messageType)}</Link>
                    <div className="ops-muted ops-mono">{m.messageId}</div>
                  </td>
                  <td>{m.batch ?? '—'}</td>
                  <td>{m.outcome}</td>
                  <td className="num">{m.replayCount ?? '—'}</td>
                  <td>{when(m.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {data.messages.totalCount > data.messages.items.length && (
            <p className="ops-muted">
              Showing {data.messages.items.length} of {data.messages.totalCount}.
            </p>
          )}
        </>
      )}
    </section>
  );
}

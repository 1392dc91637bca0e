import type { SimulationPhase } from './useSimulation';
import { formatDuration } from '../../lib/format';
import type { SimulationSnapshot } from './runner';
import { SimulationChart } from './SimulationChart';

interface SimulationResultsProps {
  phase: SimulationPhase;
  snapshot: SimulationSnapshot | null;
  users: readonly string[];
}

function headline(phase: SimulationPhase, snapshot: SimulationSnapshot | null, users: number): string {
  if (phase === 'preparing') {
    return users > 1 ? `Creating ${users} accounts and deposits, connecting…` : 'Connecting to the live updates hub…';
  }
  if (!snapshot) return 'Stopped before any order was sent.';
  const { summary, outcome } = snapshot;
  if (outcome === null) {
    return summary.sent < summary.requested
      ? `Sending orders… ${summary.sent} of ${summary.requested} sent`
      : `Waiting for ${summary.pending} payments to settle…`;
  }
  const elapsed = formatDuration(summary.elapsedMs);
  if (outcome === 'completed') return `Completed: ${summary.settled} orders settled in ${elapsed}.`;
  if (outcome === 'stopped') return `Stopped after ${elapsed}.`;
  return `Timed out: ${summary.pending} orders still pending after ${elapsed}.`;
}

export function SimulationResults({ phase, snapshot, users }: SimulationResultsProps) {
  const summary = snapshot?.summary;
  const stats = summary
    ? [
        { id: 'sent', label: `Sent of ${summary.requested}`, value: String(summary.sent) },
        { id: 'pending', label: 'Pending', value: String(summary.pending), tone: 'pending' },
        { id: 'paid', label: 'Paid', value: String(summary.paid), tone: 'paid' },
        { id: 'failed', label: 'Failed', value: String(summary.failed), tone: 'failed' },
        { id: 'errors', label: 'Errors', value: String(summary.errors) },
        { id: 'p50', label: 'Settle p50', value: formatDuration(summary.p50Ms) },
        { id: 'p95', label: 'Settle p95', value: formatDuration(summary.p95Ms) },
        {
          id: 'throughput',
          label: 'Throughput',
          value: summary.throughput === null ? '—' : `${summary.throughput.toFixed(1)}/s`,
        },
      ]
    : [];

  return (
    <div className="sim-results" aria-live="polite">
      <p className="sim-results__headline" data-testid="sim-headline" data-outcome={snapshot?.outcome ?? phase}>
        {headline(phase, snapshot, users.length)}
      </p>
      {snapshot?.lastError && (
        <p className="form-error">
          {summary?.errors} create calls failed; last error: {snapshot.lastError}
        </p>
      )}
      {summary && (
        <dl className="stats">
          {stats.map((stat) => (
            <div key={stat.id} className={`stat${stat.tone ? ` stat--${stat.tone}` : ''}`}>
              <dt>{stat.label}</dt>
              <dd data-testid={`sim-${stat.id}`}>{stat.value}</dd>
            </div>
          ))}
        </dl>
      )}
      {summary && summary.untimed > 0 && (
        <p className="muted" data-testid="sim-untimed">
          {summary.untimed} settled orders were found by a REST poll, not a live push, and have no settle time.
        </p>
      )}
      {snapshot && <SimulationChart samples={snapshot.samples} total={snapshot.summary.requested} />}
      {users.length > 1 && (
        <p className="sim-results__users">
          <span className="muted">Orders placed for</span>
          {users.map((id) => (
            <code key={id} className="chip chip--static">
              {id}
            </code>
          ))}
        </p>
      )}
    </div>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { ApiError } from '../../api/problem';
import { shortType, type Service } from './api';
import { REFRESH_MS } from './OpsLayout';
import { useOps } from './OpsSession';

/** Demo fault injection (only where the host enables it): fail the next N messages, pause a listener. */
export function FaultPanel({ service }: { service: Service }) {
  const { clients } = useOps();
  const api = clients[service];
  const queryClient = useQueryClient();
  const state = useQuery({
    queryKey: ['ops', service, 'faults'],
    queryFn: () => api.faults(),
    refetchInterval: REFRESH_MS,
  });
  const [target, setTarget] = useState('');
  const [count, setCount] = useState(1);
  const [kind, setKind] = useState<'Permanent' | 'Transient'>('Permanent');
  const [message, setMessage] = useState<string | null>(null);
  const action = useMutation({
    mutationFn: (run: () => Promise<string>) => run(),
    onSuccess: setMessage,
    onError: (error) => setMessage(error instanceof ApiError ? error.summary : String(error)),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['ops', service] }),
  });
  const targets = state.data?.targets ?? [];
  const chosen = target || targets[0] || '';

  return (
    <section className="card ops-section" aria-label="Fault injection">
      <div className="ops-section__header">
        <h2>Fault injection</h2>
        <span className="tag tag--warning">demo</span>
        <span className="ops-muted">on this replica of the {service} host</span>
      </div>
      <div className="ops-controls">
        <span>Make the next</span>
        <input
          type="number"
          aria-label="Fault count"
          min={1}
          max={10000}
          value={count}
          onChange={(e) => setCount(Number(e.target.value))}
        />
        <select aria-label="Fault message type" value={chosen} onChange={(e) => setTarget(e.target.value)}>
          {targets.map((t) => (
            <option key={t} value={t}>
              {shortType(t)}
            </option>
          ))}
        </select>
        <span>messages fail</span>
        <select
          aria-label="Fault kind"
          value={kind}
          onChange={(e) => setKind(e.target.value as 'Permanent' | 'Transient')}
        >
          <option value="Permanent">permanently (until cleared)</option>
          <option value="Transient">transiently (a few attempts, then through)</option>
        </select>
        <button
          type="button"
          className="button button--small button--danger"
          disabled={action.isPending || !chosen}
          onClick={() =>
            action.mutate(async () => {
              const fault = await api.armFault(chosen, count, kind);
              return `Armed: next ${fault.requested} ${shortType(fault.messageType)} fail ${fault.kind.toLowerCase()}ly`;
            })
          }
        >
          Inject faults
        </button>
        <button
          type="button"
          className="button button--small"
          disabled={action.isPending}
          onClick={() =>
            action.mutate(
              async () => (await api.clearFaults(), 'Faults cleared: claimed messages go through when retried'),
            )
          }
        >
          Clear faults
        </button>
      </div>
      {state.data && state.data.armed.length > 0 && (
        <ul className="ops-muted" data-testid="armed-faults">
          {state.data.armed.map((f) => (
            <li key={f.id}>
              {shortType(f.messageType)}: {f.kind.toLowerCase()}, {f.claimed} of {f.requested} claimed ({f.armedBy})
            </li>
          ))}
        </ul>
      )}
      <div className="ops-controls" style={{ marginTop: 10 }}>
        <span>Listeners:</span>
        {state.data?.listeners.map((listener) => (
          <span key={listener.uri} className="chip chip--static">
            {listener.queue} — {listener.status}{' '}
            {listener.status === 'Accepting' ? (
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => action.mutate(async () => `${(await api.pauseListener(listener.queue!)).queue} paused`)}
              >
                Pause
              </button>
            ) : (
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() =>
                  action.mutate(async () => `${(await api.resumeListener(listener.queue!)).queue} resumed`)
                }
              >
                Resume
              </button>
            )}
          </span>
        ))}
      </div>
      {message && (
        <p className="ops-muted" role="status">
          {message}
        </p>
      )}
    </section>
  );
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useParams, useSearchParams } from 'react-router';
import { ApiError } from '../../api/problem';
import {
  isService,
  rabbitQueueUrl,
  shortType,
  type DeadLetterFilter,
  type Grouping,
  type Selection,
  type Service,
} from './api';
import { FaultPanel } from './FaultPanel';
import { ago, when } from './format';
import { REFRESH_MS } from './OpsLayout';
import { useOps } from './OpsSession';
import { RunsSection } from './RunsSection';

const GROUPINGS: { value: Grouping; label: string }[] = [
  { value: 'FailureGroup', label: 'Exception and origin' },
  { value: 'MessageType', label: 'Message type' },
  { value: 'Endpoint', label: 'Endpoint' },
  { value: 'ExceptionType', label: 'Exception type' },
];
const FILTER_KEYS = ['messageType', 'exceptionType', 'exceptionMessage', 'endpoint', 'failureGroup'] as const;
const GROUP_FILTER: Record<Grouping, (typeof FILTER_KEYS)[number]> = {
  FailureGroup: 'failureGroup',
  MessageType: 'messageType',
  Endpoint: 'endpoint',
  ExceptionType: 'exceptionType',
};
const PAGE_SIZE = 50;

export interface RetryPace {
  batchSize: number;
  pauseMs: number;
}

/** One host's failed messages: groups, the paged list, retries in progress, pending retries and the audit. */
export function HostPage() {
  const { service, grouping, groupKey } = useParams();
  if (!isService(service)) return <Navigate to="/ops/payments" replace />;
  const groupFilter: DeadLetterFilter | undefined =
    grouping && groupKey && grouping in GROUP_FILTER ? { [GROUP_FILTER[grouping as Grouping]]: groupKey } : undefined;
  return <Host key={service} service={service} groupFilter={groupFilter} />;
}

function Host({ service, groupFilter }: { service: Service; groupFilter: DeadLetterFilter | undefined }) {
  const { clients, operator } = useOps();
  const overview = useQuery({
    queryKey: ['ops', service, 'overview'],
    queryFn: () => clients[service].overview(),
    refetchInterval: REFRESH_MS,
  });
  const [pace, setPace] = useState<RetryPace>({ batchSize: 10, pauseMs: 1000 });

  return (
    <>
      {overview.data?.faultInjection && operator.canAct && <FaultPanel service={service} />}
      {operator.canAct && (
        <section className="card ops-section" aria-label="Retry pace">
          <div className="ops-controls">
            <strong>Retry pace:</strong>
            <label>
              batches of{' '}
              <input
                type="number"
                aria-label="Batch size"
                min={1}
                max={1000}
                value={pace.batchSize}
                onChange={(e) => setPace({ ...pace, batchSize: Number(e.target.value) })}
              />
            </label>
            <label>
              pause{' '}
              <input
                type="number"
                aria-label="Pause between batches (ms)"
                min={0}
                max={600000}
                step={100}
                value={pace.pauseMs}
                onChange={(e) => setPace({ ...pace, pauseMs: Number(e.target.value) })}
              />{' '}
              ms between batches
            </label>
            <span className="ops-muted">A batch is retried only when the previous one has settled.</span>
          </div>
        </section>
      )}
      <GroupsSection service={service} pace={pace} />
      <MessagesSection
        service={service}
        pace={pace}
        groupFilter={groupFilter}
        vhost={overview.data?.rabbitMqVirtualHost}
      />
      <RunsSection service={service} />
      <div className="ops-grid-2">
        <PendingSection service={service} vhost={overview.data?.rabbitMqVirtualHost} />
        <AuditSection service={service} />
      </div>
    </>
  );
}

function useAction(service: Service) {
  const client = useQueryClient();
  const [message, setMessage] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (run: () => Promise<string>) => run(),
    onSuccess: (text) => setMessage(text),
    onError: (error) => setMessage(error instanceof ApiError ? error.summary : String(error)),
    onSettled: () => void client.invalidateQueries({ queryKey: ['ops', service] }),
  });
  return { run: mutation.mutate, busy: mutation.isPending, message };
}

function GroupsSection({ service, pace }: { service: Service; pace: RetryPace }) {
  const { clients, operator } = useOps();
  const [grouping, setGrouping] = useState<Grouping>('FailureGroup');
  const groups = useQuery({
    queryKey: ['ops', service, 'groups', grouping],
    queryFn: () => clients[service].groups(grouping, false),
    refetchInterval: REFRESH_MS,
  });
  const action = useAction(service);
  const api = clients[service];

  return (
    <section className="card ops-section" aria-label="Failure groups">
      <div className="ops-section__header">
        <h2>Failure groups</h2>
        <label className="ops-controls">
          by{' '}
          <select aria-label="Group by" value={grouping} onChange={(e) => setGrouping(e.target.value as Grouping)}>
            {GROUPINGS.map((g) => (
              <option key={g.value} value={g.value}>
                {g.label}
              </option>
            ))}
          </select>
        </label>
        <span className="spacer" />
        {action.message && (
          <span className="ops-muted" role="status">
            {action.message}
          </span>
        )}
      </div>
      {groups.data?.length === 0 && <p className="empty">No failed messages.</p>}
      {groups.data && groups.data.length > 0 && (
        <table className="ops-table">
          <thead>
            <tr>
              <th>Group</th>
              <th className="num">Count</th>
              <th>First failure</th>
              <th>Last failure</th>
              <th>Sample exception message</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {groups.data.map((group) => (
              <tr key={group.key} data-testid="failure-group">
                <td>
                  <Link to={`/ops/${service}/groups/${group.grouping}/${encodeURIComponent(group.key)}`}>
                    {group.grouping === 'FailureGroup' ? (group.title ?? group.key) : group.key}
                  </Link>
                  {group.exceptionType && group.grouping !== 'ExceptionType' && (
                    <div className="ops-muted ops-mono">{shortType(group.exceptionType)}</div>
                  )}
                </td>
                <td className="num" data-testid="group-count">
                  {group.count}
                </td>
                <td title={when(group.firstFailedAt)}>{ago(group.firstFailedAt)}</td>
                <td title={when(group.lastFailedAt)}>{ago(group.lastFailedAt)}</td>
                <td className="ops-clip" title={group.sampleExceptionMessage ?? ''}>
                  {group.sampleExceptionMessage}
                </td>
                <td>
                  {operator.canAct && (
                    <div className="button-row">
                      <button
                        type="button"
                        className="button button--small button--primary"
                        disabled={action.busy}
                        onClick={() =>
                          action.run(async () => {
                            const run = await api.retry({ filter: group.filter }, pace.batchSize, pace.pauseMs);
                            return `Retrying ${run.total} messages (run ${run.id.slice(0, 8)})`;
                          })
                        }
                      >
                        Retry group
                      </button>
                      <button
                        type="button"
                        className="button button--small button--ghost"
                        disabled={action.busy}
                        onClick={() =>
                          action.run(
                            async () => `Archived ${(await api.archive({ filter: group.filter })).affected} messages`,
                          )
                        }
                      >
                        Archive group
                      </button>
                    </div>
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

function MessagesSection({
  service,
  pace,
  groupFilter,
  vhost,
}: {
  service: Service;
  pace: RetryPace;
  groupFilter: DeadLetterFilter | undefined;
  vhost: string | null | undefined;
}) {
  const { clients, operator } = useOps();
  const api = clients[service];
  const [params, setParams] = useSearchParams();
  const archived = params.get('archived') === 'true';
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const filter: DeadLetterFilter = { ...groupFilter };
  for (const key of FILTER_KEYS) if (params.get(key)) filter[key] = params.get(key);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const list = useQuery({
    queryKey: ['ops', service, 'dead-letters', filter, archived, page],
    queryFn: () => api.deadLetters({ ...filter, archived, page, pageSize: PAGE_SIZE }),
    refetchInterval: REFRESH_MS,
    placeholderData: (previous) => previous,
  });
  const action = useAction(service);
  const set = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
    if (key !== 'page') next.delete('page');
    setParams(next);
    setSelected(new Set());
  };
  const items = list.data?.items ?? [];
  const total = list.data?.totalCount ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const ids = [...selected];
  const filtered = Object.values(filter).some(Boolean);
  const selection: Selection = filtered ? { filter } : { all: true };

  return (
    <section className="card ops-section" aria-label="Failed messages">
      <div className="ops-section__header">
        <h2>{archived ? 'Archived messages' : 'Failed messages'}</h2>
        <span className="ops-muted" data-testid="message-total">
          {total} {filtered ? 'matching' : 'in all'}
        </span>
        {filtered && (
          <Link
            to={`/ops/${service}${archived ? '?archived=true' : ''}`}
            className="button button--small button--ghost"
          >
            Clear filter
          </Link>
        )}
        <label className="ops-controls">
          <input
            type="checkbox"
            checked={archived}
            onChange={(e) => set('archived', e.target.checked ? 'true' : null)}
          />{' '}
          archived
        </label>
        <input
          className="field__input"
          style={{ maxWidth: 260 }}
          aria-label="Exception message contains"
          placeholder="Exception message contains…"
          defaultValue={params.get('exceptionMessage') ?? ''}
          onKeyDown={(e) => {
            if (e.key === 'Enter') set('exceptionMessage', e.currentTarget.value);
          }}
        />
        <span className="spacer" />
        {operator.canAct && !archived && (
          <div className="button-row">
            <button
              type="button"
              className="button button--small button--primary"
              disabled={action.busy || ids.length === 0}
              onClick={() =>
                action.run(async () => {
                  const run = await api.retry({ messageIds: ids }, pace.batchSize, pace.pauseMs);
                  setSelected(new Set());
                  return `Retrying ${run.total} selected (run ${run.id.slice(0, 8)})`;
                })
              }
            >
              Retry selected ({ids.length})
            </button>
            <button
              type="button"
              className="button button--small"
              disabled={action.busy || total === 0}
              onClick={() =>
                action.run(async () => {
                  const run = await api.retry(selection, pace.batchSize, pace.pauseMs);
                  return `Retrying ${run.total} messages (run ${run.id.slice(0, 8)})`;
                })
              }
            >
              Retry all {filtered ? 'matching' : ''} ({total})
            </button>
            <button
              type="button"
              className="button button--small button--ghost"
              disabled={action.busy || ids.length === 0}
              onClick={() =>
                action.run(async () => {
                  const result = await api.archive({ messageIds: ids });
                  setSelected(new Set());
                  return `Archived ${result.affected}`;
                })
              }
            >
              Archive selected
            </button>
          </div>
        )}
        {operator.canAct && archived && (
          <button
            type="button"
            className="button button--small"
            disabled={action.busy || ids.length === 0}
            onClick={() =>
              action.run(async () => {
                const result = await api.restore({ messageIds: ids });
                setSelected(new Set());
                return `Restored ${result.affected}`;
              })
            }
          >
            Restore selected ({ids.length})
          </button>
        )}
      </div>
      {action.message && (
        <p className="ops-muted" role="status">
          {action.message}
        </p>
      )}
      {list.error && <p className="form-error">{list.error.message}</p>}
      {items.length === 0 && list.isSuccess && <p className="empty">Nothing here.</p>}
      {items.length > 0 && (
        <table className="ops-table">
          <thead>
            <tr>
              <th>
                <input
                  type="checkbox"
                  aria-label="Select all on this page"
                  checked={items.every((i) => selected.has(i.id))}
                  onChange={(e) => setSelected(e.target.checked ? new Set(items.map((i) => i.id)) : new Set())}
                />
              </th>
              <th>Message</th>
              <th>Queue</th>
              <th>Exception</th>
              <th>Failed</th>
              <th className="num">Replays</th>
              <th>Concerns</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.id} data-testid="dead-letter" data-subject-id={item.subject?.id}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${item.id}`}
                    checked={selected.has(item.id)}
                    onChange={(e) => {
                      const next = new Set(selected);
                      if (e.target.checked) next.add(item.id);
                      else next.delete(item.id);
                      setSelected(next);
                    }}
                  />
                </td>
                <td>
                  <Link to={`/ops/${service}/messages/${item.id}`}>{shortType(item.messageType)}</Link>
                  <div className="ops-muted ops-mono">{item.id}</div>
                </td>
                <td>
                  {item.queue ? (
                    <a href={rabbitQueueUrl(vhost, item.queue)} target="_blank" rel="noreferrer">
                      {item.queue}
                    </a>
                  ) : (
                    <span className="ops-mono">{item.endpoint}</span>
                  )}
                </td>
                <td className="ops-clip" title={item.exceptionMessage ?? ''}>
                  <span className="ops-mono">{shortType(item.exceptionType)}</span>
                  <div className="ops-muted">{item.exceptionMessage}</div>
                </td>
                <td title={when(item.failedAt)}>{ago(item.failedAt)}</td>
                <td className="num">{item.replayCount}</td>
                <td>{item.subject && <SubjectLink kind={item.subject.kind} id={item.subject.id} />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pages > 1 && (
        <div className="ops-controls" style={{ marginTop: 10 }}>
          <button
            type="button"
            className="button button--small"
            disabled={page <= 1}
            onClick={() => set('page', String(page - 1))}
          >
            Previous
          </button>
          <span>
            Page {page} of {pages}
          </span>
          <button
            type="button"
            className="button button--small"
            disabled={page >= pages}
            onClick={() => set('page', String(page + 1))}
          >
            Next
          </button>
        </div>
      )}
    </section>
  );
}

export function SubjectLink({ kind, id }: { kind: string; id: string }) {
  return kind === 'order' ? (
    <Link to={`/orders/${id}`} className="ops-mono">
      order {id.slice(0, 8)}…
    </Link>
  ) : (
    <span className="ops-mono">
      {kind} {id}
    </span>
  );
}

function PendingSection({ service, vhost }: { service: Service; vhost: string | null | undefined }) {
  const { clients } = useOps();
  const pending = useQuery({
    queryKey: ['ops', service, 'pending'],
    queryFn: () => clients[service].pendingRetries(),
    refetchInterval: REFRESH_MS,
  });
  return (
    <section className="card ops-section" aria-label="Pending retries">
      <div className="ops-section__header">
        <h2>Pending retries</h2>
        <span className="ops-muted">{pending.data?.totalCount ?? 0} waiting for a scheduled retry</span>
      </div>
      {pending.data?.items.length === 0 && <p className="empty">None.</p>}
      {pending.data && pending.data.items.length > 0 && (
        <table className="ops-table">
          <thead>
            <tr>
              <th>Message</th>
              <th>Queue</th>
              <th className="num">Attempts</th>
              <th>Next attempt</th>
            </tr>
          </thead>
          <tbody>
            {pending.data.items.map((p) => (
              <tr key={p.id}>
                <td>
                  {shortType(p.messageType)}
                  <div className="ops-muted ops-mono">{p.id}</div>
                </td>
                <td>
                  {p.queue ? (
                    <a href={rabbitQueueUrl(vhost, p.queue)} target="_blank" rel="noreferrer">
                      {p.queue}
                    </a>
                  ) : (
                    <span className="ops-mono">{p.destination}</span>
                  )}
                </td>
                <td className="num">{p.attempts}</td>
                <td title={when(p.nextAttemptAt)}>{ago(p.nextAttemptAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function AuditSection({ service }: { service: Service }) {
  const { clients } = useOps();
  const audit = useQuery({
    queryKey: ['ops', service, 'audit'],
    queryFn: () => clients[service].audit(),
    refetchInterval: REFRESH_MS,
  });
  return (
    <section className="card ops-section" aria-label="Audit">
      <div className="ops-section__header">
        <h2>Audit</h2>
        <span className="ops-muted">every operator action on this host</span>
      </div>
      {audit.data?.items.length === 0 && <p className="empty">No actions yet.</p>}
      {audit.data && audit.data.items.length > 0 && (
        <table className="ops-table">
          <thead>
            <tr>
              <th>When</th>
              <th>Who</th>
              <th>What</th>
              <th>Result</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.items.map((entry) => (
              <tr key={entry.id} data-testid="audit-entry">
                <td title={when(entry.at)}>{ago(entry.at)}</td>
                <td>{entry.actor}</td>
                <td>
                  <strong>{entry.action}</strong> <span className="ops-muted">{entry.target}</span>
                </td>
                <td>{entry.result}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

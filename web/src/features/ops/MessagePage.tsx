import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { ApiError } from '../../api/problem';
import { isService, rabbitQueueUrl, shortType, type DeadLetterDetails, type OpsClient, type Service } from './api';
import { when } from './format';
import { SubjectLink } from './HostPage';
import { REFRESH_MS } from './OpsLayout';
import { useOps } from './OpsSession';

/** One failed message: why it failed, what it carried, and what an operator can do with it. */
export function MessagePage() {
  const { service, messageId } = useParams();
  if (!isService(service) || !messageId) return <Navigate to="/ops" replace />;
  return <Message service={service} id={messageId} />;
}

function Message({ service, id }: { service: Service; id: string }) {
  const { clients, operator } = useOps();
  const api = clients[service];
  const overview = useQuery({ queryKey: ['ops', service, 'overview'], queryFn: () => api.overview() });
  const letter = useQuery({
    queryKey: ['ops', service, 'dead-letter', id],
    queryFn: () => api.deadLetter(id),
    refetchInterval: REFRESH_MS,
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });

  return (
    <section className="card ops-section" aria-label="Failed message">
      <div className="ops-section__header">
        <Link to={`/ops/${service}`}>← {service}</Link>
        <h2>
          {shortType(letter.data?.messageType)} <span className="ops-muted ops-mono">{id}</span>
        </h2>
      </div>
      {letter.error instanceof ApiError && letter.error.status === 404 && (
        <p className="banner" data-testid="message-gone">
          This message is no longer a dead letter: it was processed after a retry, or expired after being archived.
        </p>
      )}
      {letter.error && !(letter.error instanceof ApiError && letter.error.status === 404) && (
        <p className="form-error">{letter.error.message}</p>
      )}
      {letter.data && (
        <>
          {operator.canAct && <Actions api={api} letter={letter.data} service={service} />}
          <div className="ops-grid-2">
            <dl className="ops-details">
              <dt>Message type</dt>
              <dd className="ops-mono">
                {letter.data.messageType}
                {!letter.data.messageTypeKnown && <span className="tag tag--warning"> no handler here</span>}
              </dd>
              <dt>Queue</dt>
              <dd>
                {letter.data.queue ? (
                  <a
                    href={rabbitQueueUrl(overview.data?.rabbitMqVirtualHost, letter.data.queue)}
                    target="_blank"
                    rel="noreferrer"
                  >
                    {letter.data.queue}
                  </a>
                ) : (
                  <span className="ops-mono">{letter.data.endpoint}</span>
                )}
              </dd>
              <dt>Sent by</dt>
              <dd>{letter.data.source ?? '—'}</dd>
              <dt>Sent</dt>
              <dd>{when(letter.data.sentAt)}</dd>
              <dt>First failed</dt>
              <dd>{when(letter.data.firstFailedAt)}</dd>
              <dt>Failed</dt>
              <dd>{when(letter.data.failedAt)}</dd>
              <dt>Attempts</dt>
              <dd>{letter.data.attempts}</dd>
              <dt>Replays</dt>
              <dd data-testid="replay-count">
                {letter.data.replayCount}
                {letter.data.lastReplayedAt && ` (last ${when(letter.data.lastReplayedAt)})`}
              </dd>
              <dt>State</dt>
              <dd>
                {letter.data.archivedAt
                  ? `archived ${when(letter.data.archivedAt)}`
                  : letter.data.replayable
                    ? 'being retried'
                    : 'failed'}
              </dd>
              <dt>Concerns</dt>
              <dd>{letter.data.subject ? <SubjectLink {...letter.data.subject} /> : '—'}</dd>
              <dt>Failure group</dt>
              <dd>
                <Link to={`/ops/${service}/groups/FailureGroup/${encodeURIComponent(letter.data.failureGroup ?? '')}`}>
                  {letter.data.failureTitle ?? letter.data.failureGroup}
                </Link>
              </dd>
            </dl>
            <div className="stack">
              <h3>Exception</h3>
              <p className="ops-mono" data-testid="exception-type">
                {letter.data.exceptionType}
              </p>
              <p>{letter.data.exceptionMessage}</p>
              {/* Focusable: a long trace, body or header list scrolls, and a keyboard must reach it to scroll it. */}
              <pre className="ops-pre" tabIndex={0} aria-label="Stack trace">
                {letter.data.stackTrace ?? 'No stack trace was stored.'}
              </pre>
            </div>
          </div>
          <div className="ops-grid-2">
            <div className="stack">
              <h3>Body ({letter.data.body.format})</h3>
              <pre className="ops-pre" tabIndex={0} aria-label="Body">
                {letter.data.body.text}
              </pre>
            </div>
            <div className="stack">
              <h3>Headers</h3>
              <pre className="ops-pre" tabIndex={0} aria-label="Headers">
                {Object.entries(letter.data.headers)
                  .map(([k, v]) => `${k}: ${v ?? ''}`)
                  .join('\n')}
              </pre>
            </div>
          </div>
          {letter.data.edits.length > 0 && (
            <div className="stack">
              <h3>Edits</h3>
              {letter.data.edits.map((edit) => (
                <div key={edit.editedAt} className="ops-grid-2">
                  <div>
                    <p className="ops-muted">
                      Original (before {edit.editedBy}'s edit, {when(edit.editedAt)})
                    </p>
                    <pre className="ops-pre" tabIndex={0} aria-label="Original body">
                      {edit.originalBody.text}
                    </pre>
                  </div>
                  <div>
                    <p className="ops-muted">Edited</p>
                    <pre className="ops-pre" tabIndex={0} aria-label="Edited body">
                      {edit.editedBody.text}
                    </pre>
                  </div>
                </div>
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}

function Actions({ api, letter, service }: { api: OpsClient; letter: DeadLetterDetails; service: Service }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(letter.body.text);
  const [message, setMessage] = useState<string | null>(null);
  const action = useMutation({
    mutationFn: (run: () => Promise<string | void>) => run(),
    onSuccess: (text) => text && setMessage(text),
    onError: (error) =>
      setMessage(
        error instanceof ApiError
          ? [error.summary, ...Object.values(error.fieldErrors).flat()]
              .filter((v, i, a) => a.indexOf(v) === i)
              .join(' ')
          : String(error),
      ),
    onSettled: () => void queryClient.invalidateQueries({ queryKey: ['ops', service] }),
  });
  const ids = { messageIds: [letter.id] };

  return (
    <div className="stack" style={{ marginBottom: 16 }}>
      <div className="button-row">
        {letter.archivedAt ? (
          <button
            type="button"
            className="button button--small"
            onClick={() => action.mutate(async () => `Restored ${(await api.restore(ids)).affected}`)}
          >
            Restore
          </button>
        ) : (
          <>
            <button
              type="button"
              className="button button--small button--primary"
              disabled={action.isPending}
              onClick={() =>
                action.mutate(async () => {
                  const run = await api.retry(ids, 1, 0);
                  await navigate(`/ops/${service}/retries/${run.id}`);
                })
              }
            >
              Retry
            </button>
            {letter.messageTypeKnown && (
              <button type="button" className="button button--small" onClick={() => setEditing(!editing)}>
                Edit &amp; retry
              </button>
            )}
            <button
              type="button"
              className="button button--small button--ghost"
              onClick={() => action.mutate(async () => `Archived ${(await api.archive(ids)).affected}`)}
            >
              Archive
            </button>
          </>
        )}
      </div>
      {editing && (
        <div className="stack">
          <textarea
            className="ops-edit"
            aria-label="Edited body"
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
          />
          <div className="button-row">
            <button
              type="button"
              className="button button--small button--primary"
              onClick={() =>
                action.mutate(async () => {
                  let body: unknown;
                  try {
                    body = JSON.parse(draft);
                  } catch (e) {
                    throw new Error(`The body is not JSON: ${(e as Error).message}`);
                  }
                  const run = await api.editAndRetry(letter.id, body);
                  await navigate(`/ops/${service}/retries/${run.id}`);
                })
              }
            >
              Validate, save and retry
            </button>
            <span className="ops-muted">The original body is kept beside the edit.</span>
          </div>
        </div>
      )}
      {message && (
        <p className="form-error" role="status">
          {message}
        </p>
      )}
    </div>
  );
}

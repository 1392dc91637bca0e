/**
 * The operations API of both hosts (`/api/orders/ops…`, `/api/payments/ops…`), relative URLs like the shop's
 * client, with the operator's Basic credentials. Failures are ApiErrors carrying the problem details.
 */
import { requestJson } from '../../api/client';
import { basicAuthorization, type Credentials } from './credentials';
import type { MonitoringSnapshot } from '../monitoring/monitoring';

export const SERVICES = ['orders', 'payments'] as const;
export type Service = (typeof SERVICES)[number];
export const isService = (value: string | undefined): value is Service => SERVICES.includes(value as Service);

export type Grouping = 'FailureGroup' | 'MessageType' | 'Endpoint' | 'ExceptionType';

export interface Page<T> {
  items: T[];
  totalCount: number;
  pageNumber: number;
  pageSize: number;
}

export interface Overview {
  service: string;
  rabbitMqVirtualHost: string | null;
  deadLetters: number;
  archived: number;
  pendingRetries: number;
  incoming: number;
  outgoing: number;
  handled: number;
  faultInjection: boolean;
  archivedRetention: string;
}

export interface SignedInOperator {
  name: string;
  role: string;
  canAct: boolean;
}

export interface Subject {
  kind: string;
  id: string;
}

export interface DeadLetterFilter {
  messageType?: string | null;
  exceptionType?: string | null;
  exceptionMessage?: string | null;
  endpoint?: string | null;
  failureGroup?: string | null;
}

export interface DeadLetterSummary {
  id: string;
  messageType: string;
  endpoint: string | null;
  queue: string | null;
  exceptionType: string | null;
  exceptionMessage: string | null;
  failureGroup: string | null;
  sentAt: string;
  failedAt: string | null;
  replayCount: number;
  replayable: boolean;
  archivedAt: string | null;
  subject: Subject | null;
}

export interface MessageBody {
  format: 'json' | 'text' | 'base64' | 'empty';
  text: string;
}

export interface MessageEdit {
  editedAt: string;
  editedBy: string;
  originalBody: MessageBody;
  editedBody: MessageBody;
}

export interface DeadLetterDetails extends DeadLetterSummary {
  messageTypeKnown: boolean;
  source: string | null;
  firstFailedAt: string | null;
  attempts: number;
  lastReplayedAt: string | null;
  stackTrace: string | null;
  failureTitle: string | null;
  headers: Record<string, string | null>;
  body: MessageBody;
  edits: MessageEdit[];
}

export interface DeadLetterGroup {
  grouping: Grouping;
  key: string;
  title: string | null;
  exceptionType: string | null;
  count: number;
  firstFailedAt: string | null;
  lastFailedAt: string | null;
  sampleExceptionMessage: string | null;
  filter: DeadLetterFilter;
}

export interface RetryRun {
  id: string;
  startedAt: string;
  startedBy: string;
  selection: string;
  batchSize: number;
  pauseMs: number;
  status: 'Running' | 'Completed' | 'Cancelled' | 'Interrupted';
  finishedAt: string | null;
  total: number;
  waiting: number;
  inFlight: number;
  processed: number;
  failedAgain: number;
  skipped: number;
  batches: number;
}

export interface RetryRunMessage {
  messageId: string;
  messageType: string;
  outcome: 'Waiting' | 'InFlight' | 'Processed' | 'FailedAgain' | 'Skipped';
  batch: number | null;
  replayedAt: string | null;
  replayCount: number | null;
  updatedAt: string;
}

export interface PendingRetry {
  id: string;
  messageType: string;
  destination: string | null;
  queue: string | null;
  nextAttemptAt: string | null;
  attempts: number;
  sentAt: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string;
  result: string;
}

export interface ArmedFault {
  id: string;
  messageType: string;
  kind: 'Permanent' | 'Transient';
  requested: number;
  remaining: number;
  claimed: number;
  armedAt: string;
  armedBy: string;
}

export interface ListenerState {
  uri: string;
  queue: string | null;
  status: string;
}

export interface FaultInjectionState {
  targets: string[];
  armed: ArmedFault[];
  listeners: ListenerState[];
}

export interface Selection {
  messageIds?: string[];
  filter?: DeadLetterFilter;
  all?: boolean;
}

export interface ListQuery extends DeadLetterFilter {
  archived?: boolean;
  page?: number;
  pageSize?: number;
}

const query = (params: object) => {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
};

export function opsClient(service: Service, credentials: Credentials) {
  const base = `/api/${service}/ops`;
  const request = <T,>(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown) =>
    requestJson<T>(method, base + path, body, {
      Authorization: basicAuthorization(credentials),
      // Keeps the browser's own Basic sign-in dialog away on a 401: the page has its own form.
      'X-Requested-With': 'XMLHttpRequest',
    });

  return {
    me: () => request<SignedInOperator>('GET', '/me'),
    overview: () => request<Overview>('GET', '/overview'),
    monitoring: () => request<MonitoringSnapshot>('GET', '/monitoring'),
    deadLetters: (q: ListQuery) => request<Page<DeadLetterSummary>>('GET', `/dead-letters${query(q)}`),
    groups: (by: Grouping, archived: boolean) =>
      request<DeadLetterGroup[]>('GET', `/dead-letters/groups${query({ by, archived })}`),
    deadLetter: (id: string) => request<DeadLetterDetails>('GET', `/dead-letters/${encodeURIComponent(id)}`),
    editAndRetry: (id: string, body: unknown) =>
      request<RetryRun>('POST', `/dead-letters/${encodeURIComponent(id)}/edit-and-retry`, { body }),
    archive: (selection: Selection) => request<{ affected: number }>('POST', '/dead-letters/archive', selection),
    restore: (selection: Selection) => request<{ affected: number }>('POST', '/dead-letters/restore', selection),
    retry: (selection: Selection, batchSize: number, pauseMs: number) =>
      request<RetryRun>('POST', '/retries', { ...selection, batchSize, pauseMs }),
    retries: () => request<Page<RetryRun>>('GET', '/retries?pageSize=10'),
    retryRun: (id: string, outcome?: string) =>
      request<{ run: RetryRun; messages: Page<RetryRunMessage> }>(
        'GET',
        `/retries/${encodeURIComponent(id)}${query({ outcome, pageSize: 100 })}`,
      ),
    cancelRetry: (id: string) => request<RetryRun>('POST', `/retries/${encodeURIComponent(id)}/cancel`),
    pendingRetries: () => request<Page<PendingRetry>>('GET', '/pending-retries?pageSize=20'),
    audit: () => request<Page<AuditEntry>>('GET', '/audit?pageSize=30'),
    faults: () => request<FaultInjectionState>('GET', '/faults'),
    armFault: (messageType: string, count: number, kind: 'Permanent' | 'Transient') =>
      request<ArmedFault>('POST', '/faults', { messageType, count, kind }),
    clearFaults: () => request<FaultInjectionState>('DELETE', '/faults'),
    pauseListener: (queue: string) => request<ListenerState>('POST', '/listeners/pause', { queue }),
    resumeListener: (queue: string) => request<ListenerState>('POST', '/listeners/resume', { queue }),
  };
}

export type OpsClient = ReturnType<typeof opsClient>;

/** The queue in the RabbitMQ management UI. */
export function rabbitQueueUrl(vhost: string | null | undefined, queue: string): string {
  return `http://localhost:15672/#/queues/${encodeURIComponent(vhost ?? '/')}/${encodeURIComponent(queue)}`;
}

export const shortType = (type: string | null | undefined) => (type ? (type.split('.').pop() ?? type) : '—');

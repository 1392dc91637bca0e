/**
 * The journey of one order as both hosts journaled it, merged into one timeline across the lanes
 * Browser, Orders, RabbitMQ and Payments, with the time each hop took.
 */
export type StepKind = 'step' | 'failure' | 'retry' | 'duplicate';

export interface JourneyStep {
  step: string;
  kind: StepKind;
  at: string;
  host: string;
  instance: string;
  messageId: string | null;
  detail: string | null;
  traceId: string | null;
  spanId: string | null;
}

export interface HostJourney {
  orderId: string;
  steps: JourneyStep[];
}

export type Lane = 'Browser' | 'Orders' | 'RabbitMQ' | 'Payments';
export const LANES: Lane[] = ['Browser', 'Orders', 'RabbitMQ', 'Payments'];

export interface TimelineEntry extends JourneyStep {
  /** The lane the step happens in; a message in flight is drawn from `from` to `to`. */
  from: Lane;
  to: Lane;
  label: string;
  /** Milliseconds since the first step. */
  offsetMs: number;
  /** "outbox → Payments inbox 3.1 ms": the hop that ended with this step, if it names one. */
  hop: string | null;
}

const LABELS: Record<string, { label: string; from: Lane; to: Lane }> = {
  'order-placed': { label: 'Order placed (order + outbox envelope committed)', from: 'Browser', to: 'Orders' },
  'payment-request-sent': { label: 'PaymentRequested sent to RabbitMQ', from: 'Orders', to: 'RabbitMQ' },
  'payment-request-received': { label: 'PaymentRequested received (inbox)', from: 'RabbitMQ', to: 'Payments' },
  charged: { label: 'Charged', from: 'Payments', to: 'Payments' },
  refused: { label: 'Refused', from: 'Payments', to: 'Payments' },
  'already-processed': { label: 'Already processed: outcome sent again', from: 'Payments', to: 'Payments' },
  'payment-outcome-sent': { label: 'Outcome sent to RabbitMQ', from: 'Payments', to: 'RabbitMQ' },
  'payment-outcome-received': { label: 'Outcome received (inbox)', from: 'RabbitMQ', to: 'Orders' },
  'status-committed': { label: 'Status committed', from: 'Orders', to: 'Orders' },
  'outcome-ignored': { label: 'Outcome ignored (already settled)', from: 'Orders', to: 'Orders' },
  'order-updated-pushed': { label: 'orderUpdated pushed', from: 'Orders', to: 'Browser' },
  'handling-failed': { label: 'Handling failed', from: 'RabbitMQ', to: 'RabbitMQ' },
  retrying: { label: 'Retrying', from: 'RabbitMQ', to: 'RabbitMQ' },
  'dead-lettered': { label: 'Dead-lettered', from: 'RabbitMQ', to: 'RabbitMQ' },
  'duplicate-dropped': { label: 'Duplicate dropped by the inbox', from: 'RabbitMQ', to: 'RabbitMQ' },
};

/** The hops worth naming: from the step before to this one. */
const HOPS: Record<string, { after: string; name: string }> = {
  'payment-request-sent': { after: 'order-placed', name: 'commit → outbox sent' },
  'payment-request-received': { after: 'payment-request-sent', name: 'outbox → Payments inbox' },
  charged: { after: 'payment-request-received', name: 'charge' },
  refused: { after: 'payment-request-received', name: 'charge' },
  'payment-outcome-sent': { after: 'payment-request-received', name: 'Payments inbox → outcome sent' },
  'payment-outcome-received': { after: 'payment-outcome-sent', name: 'outbox → Orders inbox' },
  'status-committed': { after: 'payment-outcome-received', name: 'apply outcome' },
  'order-updated-pushed': { after: 'status-committed', name: 'commit → push' },
};

/** A message's receipt, and the send it follows. */
const SENT_BEFORE: Record<string, string> = {
  'payment-request-received': 'payment-request-sent',
  'payment-outcome-received': 'payment-outcome-sent',
};

/**
 * Each host journals a step when it gets to it. The sending host journals a send once its sender has taken the
 * message, and the receiving host can journal the receipt before that (its thread ran first, or the first send's
 * path was still cold). A message is received after it is sent, so a send journaled after its receipt is listed
 * right before the receipt; its own time is kept.
 */
function causalOrder(steps: JourneyStep[]): JourneyStep[] {
  const ordered = [...steps];
  for (const [received, sent] of Object.entries(SENT_BEFORE)) {
    const receipt = ordered.findIndex((s) => s.step === received && s.kind === 'step');
    const send = ordered.findIndex((s) => s.step === sent && s.kind === 'step');
    if (receipt >= 0 && send > receipt) {
      const [moved] = ordered.splice(send, 1);
      ordered.splice(receipt, 0, moved!);
    }
  }
  return ordered;
}

function hopText(name: string, ms: number): string {
  return ms < 0 ? `${name}: the send was journaled ${formatMs(-ms)} after the receipt` : `${name} ${formatMs(ms)}`;
}

function laneOf(step: JourneyStep, lane: Lane): Lane {
  // Failures, retries and duplicates happen in the host that handles the message.
  if (lane === 'RabbitMQ' && step.kind !== 'step') return step.host === 'payments' ? 'Payments' : 'Orders';
  return lane;
}

export function formatMs(ms: number): string {
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Merges both hosts' steps, oldest first (a send before its receipt), and names the hops between them. */
export function buildTimeline(journeys: HostJourney[]): TimelineEntry[] {
  const steps = causalOrder(
    journeys
      .flatMap((journey) => journey.steps)
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at) || a.host.localeCompare(b.host)),
  );
  if (steps.length === 0) return [];
  const start = Math.min(...steps.map((step) => Date.parse(step.at)));
  const lastAt = new Map<string, number>();
  return steps.map((step) => {
    const known = LABELS[step.step] ?? { label: step.step, from: 'Orders', to: 'Orders' };
    const at = Date.parse(step.at);
    const hop = HOPS[step.step];
    const previous = hop && lastAt.get(hop.after);
    lastAt.set(step.step, at);
    return {
      ...step,
      from: laneOf(step, known.from),
      to: laneOf(step, known.to),
      label: known.label,
      offsetMs: at - start,
      hop: hop && previous !== undefined && step.kind === 'step' ? hopText(hop.name, at - previous) : null,
    };
  });
}

/** True once the journey reached a final status and its push. */
export function isComplete(timeline: TimelineEntry[]): boolean {
  const committed = timeline.some((entry) => entry.step === 'status-committed');
  return (
    committed &&
    timeline.some((entry) => entry.step === 'order-updated-pushed' && !entry.detail?.startsWith('PaymentPending'))
  );
}

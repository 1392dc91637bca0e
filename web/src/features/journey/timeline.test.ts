import { describe, expect, it } from 'vitest';
import { buildTimeline, isComplete, type JourneyStep } from './timeline';

const step = (name: string, ms: number, patch: Partial<JourneyStep> = {}): JourneyStep => ({
  step: name,
  kind: 'step',
  at: new Date(Date.UTC(2026, 11, 1, 5, 0, 0, ms)).toISOString(),
  host: 'orders',
  instance: 'vm-1',
  messageId: null,
  detail: null,
  traceId: null,
  spanId: null,
  ...patch,
});

describe('buildTimeline', () => {
  const journeys = [
    {
      orderId: 'o',
      steps: [
        step('order-placed', 0),
        step('payment-request-sent', 2),
        step('payment-outcome-received', 20),
        step('status-committed', 21, { detail: 'Paid' }),
        step('order-updated-pushed', 25, { detail: 'Paid to 1 connection' }),
      ],
    },
    {
      orderId: 'o',
      steps: [
        step('payment-request-received', 8, { host: 'payments' }),
        step('charged', 9, { host: 'payments', detail: 'balance 100 → 75' }),
        step('payment-outcome-sent', 12, { host: 'payments' }),
        step('duplicate-dropped', 30, { host: 'payments', kind: 'duplicate' }),
      ],
    },
  ];

  it('merges both hosts oldest first and names each hop with its duration', () => {
    const timeline = buildTimeline(journeys);
    expect(timeline.map((e) => e.step)).toEqual([
      'order-placed',
      'payment-request-sent',
      'payment-request-received',
      'charged',
      'payment-outcome-sent',
      'payment-outcome-received',
      'status-committed',
      'order-updated-pushed',
      'duplicate-dropped',
    ]);
    expect(timeline.find((e) => e.step === 'payment-request-received')?.hop).toBe('outbox → Payments inbox 6.0 ms');
    expect(timeline.find((e) => e.step === 'payment-outcome-received')?.hop).toBe('outbox → Orders inbox 8.0 ms');
    expect(timeline.at(-1)?.offsetMs).toBe(30);
  });

  it('lists a send journaled after its receipt before the receipt, and says so instead of a negative hop', () => {
    const late = [
      { orderId: 'o', steps: [step('order-placed', 0), step('payment-request-sent', 11)] },
      {
        orderId: 'o',
        steps: [step('payment-request-received', 8, { host: 'payments' }), step('charged', 9, { host: 'payments' })],
      },
    ];
    const timeline = buildTimeline(late);
    expect(timeline.map((e) => e.step)).toEqual([
      'order-placed',
      'payment-request-sent',
      'payment-request-received',
      'charged',
    ]);
    expect(timeline.find((e) => e.step === 'payment-request-sent')?.offsetMs).toBe(11);
    expect(timeline.find((e) => e.step === 'payment-request-received')?.hop).toBe(
      'outbox → Payments inbox: the send was journaled 3.0 ms after the receipt',
    );
  });

  it('draws messages between lanes and a dropped duplicate in the host that dropped it', () => {
    const timeline = buildTimeline(journeys);
    const received = timeline.find((e) => e.step === 'payment-request-received')!;
    expect([received.from, received.to]).toEqual(['RabbitMQ', 'Payments']);
    const duplicate = timeline.find((e) => e.step === 'duplicate-dropped')!;
    expect([duplicate.from, duplicate.to, duplicate.hop]).toEqual(['Payments', 'Payments', null]);
  });

  it('is complete once the final status was committed and pushed', () => {
    expect(isComplete(buildTimeline(journeys))).toBe(true);
    expect(isComplete(buildTimeline([{ orderId: 'o', steps: [step('order-placed', 0)] }]))).toBe(false);
    expect(buildTimeline([])).toEqual([]);
  });
});

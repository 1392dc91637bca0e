import { describe, expect, it } from 'vitest';
import { mergeSnapshots, queueGroup, sumSeries, type MonitoringPoint, type MonitoringSnapshot } from './monitoring';

const point = (patch: Partial<MonitoringPoint>): MonitoringPoint => ({
  at: '2026-12-01T05:00:00Z',
  messages: 0,
  consumers: 1,
  sentPerSecond: 0,
  receivedPerSecond: 0,
  succeededPerSecond: 0,
  handledPerSecond: 0,
  retriesPerSecond: 0,
  failuresPerSecond: 0,
  deadLettersPerSecond: 0,
  duplicatesPerSecond: 0,
  processingP50: null,
  processingP95: null,
  criticalP50: null,
  criticalP95: null,
  ...patch,
});

const snapshot = (
  host: string,
  instance: string,
  queue: string,
  series: MonitoringPoint[],
  messages: number | null = 0,
): MonitoringSnapshot => ({
  host,
  instance,
  at: '2026-12-01T05:00:00Z',
  intervalSeconds: 5,
  endpoints: [{ queue, messages, consumers: 1, totals: {}, series }],
});

describe('monitoring', () => {
  it('counts a fanout replica queue as the fan-out', () => {
    expect(queueGroup('orders.order-status.vm-1a2b')).toBe('orders.order-status');
    expect(queueGroup('payments.payment-requests')).toBe('payments.payment-requests');
  });

  it('merges each queue across hosts and adds their rates point by point', () => {
    // Both hosts read the same broker queue: 7 ready messages, seen once by each.
    const views = mergeSnapshots([
      snapshot(
        'orders',
        'o1',
        'payments.payment-requests',
        [point({ sentPerSecond: 2 }), point({ sentPerSecond: 4 })],
        7,
      ),
      snapshot('payments', 'p1', 'payments.payment-requests', [point({ handledPerSecond: 3 })], 7),
    ]);
    expect(views).toHaveLength(1);
    const [view] = views;
    expect(view!.instances.map((i) => i.host)).toEqual(['orders', 'payments']);
    expect(view!.messages).toBe(7);
    expect(sumSeries(view!, (p) => p.sentPerSecond)).toEqual([2, 4]);
    expect(sumSeries(view!, (p) => p.handledPerSecond)).toEqual([0, 3]);
  });

  it("adds a fan-out's replica queues, each counted once however many hosts read it", () => {
    const views = mergeSnapshots([
      snapshot('orders', 'o1', 'orders.order-status.o1', [point({})], 3),
      snapshot('orders', 'o2', 'orders.order-status.o2', [point({})], 4),
      snapshot('payments', 'p1', 'orders.order-status.o1', [point({})], 3),
    ]);
    expect(views.map((v) => [v.queue, v.messages])).toEqual([['orders.order-status', 7]]);
  });
});

// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { MonitoringCharts } from './MonitoringCharts';
import type { MonitoringSnapshot } from './monitoring';

afterEach(cleanup);

const snapshots: MonitoringSnapshot[] = [
  {
    host: 'payments',
    instance: 'p1',
    at: '2026-12-01T05:00:00Z',
    intervalSeconds: 5,
    endpoints: [
      {
        queue: 'payments.payment-requests',
        messages: 3,
        consumers: 1,
        totals: {},
        series: [1, 2, 3].map((n) => ({
          at: '2026-12-01T05:00:00Z',
          messages: n,
          consumers: 1,
          sentPerSecond: 0,
          receivedPerSecond: n,
          succeededPerSecond: n,
          handledPerSecond: n * 10,
          retriesPerSecond: 0,
          failuresPerSecond: 0,
          deadLettersPerSecond: 0,
          duplicatesPerSecond: 0,
          processingP50: 1,
          processingP95: 2,
          criticalP50: 3,
          criticalP95: 40,
        })),
      },
    ],
  },
];

describe('MonitoringCharts', () => {
  it('shows a card per queue with its length, consumers and live charts', async () => {
    render(<MonitoringCharts load={async () => snapshots} refreshMs={60_000} />);
    const card = await screen.findByRole('region', { name: 'Queue payments.payment-requests' });
    expect(card.textContent).toContain('Payment requests');
    expect(screen.getByTestId('queue-length').textContent).toBe('3 ready');
    expect(card.textContent).toContain('Out (handled) 30.0/s');
    expect(card.textContent).toContain('Critical p95 40 ms');
    expect(card.querySelectorAll('svg')).toHaveLength(7);
  });
});

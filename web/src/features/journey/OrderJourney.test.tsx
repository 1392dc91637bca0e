// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { OrderJourney } from './OrderJourney';
import type { HostJourney, JourneyStep } from './timeline';

afterEach(cleanup);

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

const journeys: HostJourney[] = [
  {
    orderId: 'o',
    steps: [
      step('order-placed', 0, { traceId: 'abc123' }),
      step('handling-failed', 15, { kind: 'failure', detail: 'attempt 1: TimeoutException' }),
      step('retrying', 16, { kind: 'retry', detail: 'attempt 2' }),
      step('status-committed', 21, { detail: 'Paid' }),
      step('order-updated-pushed', 25, { detail: 'Paid to 1 connection' }),
    ],
  },
  { orderId: 'o', steps: [step('duplicate-dropped', 30, { host: 'payments', kind: 'duplicate' })] },
];

describe('OrderJourney', () => {
  it('shows every step with its kind, failures and duplicates marked, each linked to its trace', async () => {
    render(<OrderJourney orderId="o" load={async () => journeys} />);
    await screen.findByText('Order placed (order + outbox envelope committed)');
    const rows = document.querySelectorAll('li[data-step]');
    expect([...rows].map((row) => `${row.getAttribute('data-step')}:${row.getAttribute('data-kind')}`)).toEqual([
      'order-placed:step',
      'handling-failed:failure',
      'retrying:retry',
      'status-committed:step',
      'order-updated-pushed:step',
      'duplicate-dropped:duplicate',
    ]);
    expect(screen.getByText('attempt 1: TimeoutException')).toBeTruthy();
    expect(screen.getByRole('link', { name: 'trace' }).getAttribute('href')).toMatch(/\/traces\/detail\/abc123$/);
  });

  it('says so when nothing was journaled', async () => {
    render(<OrderJourney orderId="o" pollMs={10_000} load={async () => [{ orderId: 'o', steps: [] }]} />);
    expect(await screen.findByText('Nothing journaled for this order (yet).')).toBeTruthy();
  });

  it('shows a failure to load', async () => {
    render(<OrderJourney orderId="o" load={() => Promise.reject(new Error('503'))} />);
    expect((await screen.findByRole('alert')).textContent).toContain('503');
  });
});

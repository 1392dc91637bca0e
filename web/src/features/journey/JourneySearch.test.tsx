// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JourneySearch } from './JourneySearch';

afterEach(cleanup);

describe('JourneySearch', () => {
  it("lists a user's orders when the query is not an order id", async () => {
    const loadOrders = vi.fn(async () => [
      {
        orderId: '01a23015-502e-7781-b7f0-46deeabe922a',
        status: 'Paid',
        amount: 20,
        createdAt: '2026-12-01T05:00:00Z',
      },
    ]);
    render(<JourneySearch loadOrders={loadOrders} />);
    fireEvent.change(screen.getByLabelText('Order id or user id'), { target: { value: 'alice' } });
    fireEvent.click(screen.getByRole('button', { name: 'Find' }));
    const list = await screen.findByRole('list', { name: 'Orders of the user' });
    expect(loadOrders).toHaveBeenCalledWith('alice');
    expect(list.textContent).toContain('01a23015-502e-7781-b7f0-46deeabe922a · Paid · 20');
  });

  it('opens the journey directly for an order id', async () => {
    const loadOrders = vi.fn();
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ orderId: 'x', steps: [] }))),
    );
    render(<JourneySearch loadOrders={loadOrders} />);
    fireEvent.change(screen.getByLabelText('Order id or user id'), {
      target: { value: '01a23015-502e-7781-b7f0-46deeabe922a' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Find' }));
    expect(await screen.findByText('Nothing journaled for this order (yet).')).toBeTruthy();
    expect(loadOrders).not.toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});

// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { Order } from '../../api/types';
import { mergeOrders } from './orders';
import { OrdersPanel } from './OrdersPanel';

afterEach(cleanup);

const order = (id: string, second: number, patch: Partial<Order> = {}): Order => ({
  orderId: `${id}0000000-0000-0000-0000-000000000000`,
  userId: 'alice',
  amount: 10,
  description: `Order ${id}`,
  status: 'PaymentPending',
  failureReason: null,
  createdAt: `2026-11-24T19:00:0${second}Z`,
  updatedAt: `2026-11-24T19:00:0${second}Z`,
  ...patch,
});

const orders = mergeOrders(new Map(), [
  order('a', 1, { status: 'Paid' }),
  order('b', 3, { status: 'PaymentFailed', failureReason: 'InsufficientFunds' }),
  order('c', 2),
]).orders;

const descriptions = () =>
  screen.getAllByRole('listitem').map((item) => item.querySelector('.order__description')?.textContent);

describe('OrdersPanel', () => {
  it('lists orders newest first with badges and reasons', () => {
    render(<OrdersPanel orders={orders} load={{ status: 'ready' }} onRetry={() => {}} />);
    expect(descriptions()).toEqual(['Order b', 'Order c', 'Order a']);
    const failed = screen.getAllByRole('listitem')[0]!;
    expect(within(failed).getByText('Payment failed')).toBeTruthy();
    expect(within(failed).getByText('Insufficient funds')).toBeTruthy();
  });

  it('filters by status', () => {
    render(<OrdersPanel orders={orders} load={{ status: 'ready' }} onRetry={() => {}} />);
    fireEvent.click(screen.getByRole('button', { name: /^Paid/ }));
    expect(descriptions()).toEqual(['Order a']);
    fireEvent.click(screen.getByRole('button', { name: /^Payment pending/ }));
    expect(descriptions()).toEqual(['Order c']);
  });

  it('says when loading failed and offers a retry', () => {
    render(
      <OrdersPanel orders={new Map()} load={{ status: 'error', message: 'Service unavailable' }} onRetry={() => {}} />,
    );
    expect(screen.getByRole('alert').textContent).toContain('Service unavailable');
    expect(screen.getByRole('button', { name: 'Retry' })).toBeTruthy();
  });
});

import { describe, expect, it } from 'vitest';
import type { Order } from '../../api/types';
import {
  compareInstants,
  countByStatus,
  describeFailure,
  filterByStatus,
  mergeOrders,
  newestFirst,
  pickOrder,
  type OrderMap,
} from './orders';

const base: Order = {
  orderId: '00000000-0000-0000-0000-000000000001',
  userId: 'alice',
  amount: 25,
  description: 'Coffee',
  status: 'PaymentPending',
  failureReason: null,
  createdAt: '2026-11-24T19:00:00.000Z',
  updatedAt: '2026-11-24T19:00:00.000Z',
};

const order = (patch: Partial<Order>): Order => ({ ...base, ...patch });
const paid = order({ status: 'Paid', updatedAt: '2026-11-24T19:00:00.250Z' });
const failed = order({
  status: 'PaymentFailed',
  failureReason: 'InsufficientFunds',
  updatedAt: '2026-11-24T19:00:00.300Z',
});

describe('compareInstants', () => {
  it('orders by time, across offsets', () => {
    expect(compareInstants('2026-11-24T19:00:01Z', '2026-11-24T19:00:00.999Z')).toBe(1);
    expect(compareInstants('2026-11-24T20:00:00+01:00', '2026-11-24T19:00:00Z')).toBe(0);
    expect(compareInstants('2026-11-24T19:00:00Z', '2026-11-24T19:00:00.001Z')).toBe(-1);
  });

  it('sees differences below a millisecond (.NET writes 7 fraction digits)', () => {
    expect(compareInstants('2026-11-24T19:00:00.1234568Z', '2026-11-24T19:00:00.1234567Z')).toBe(1);
    expect(compareInstants('2026-11-24T19:00:00.1230Z', '2026-11-24T19:00:00.123Z')).toBe(0);
  });
});

describe('pickOrder', () => {
  it('takes the first version of an order', () => {
    expect(pickOrder(undefined, base)).toBe(base);
  });

  it('takes a later update', () => {
    expect(pickOrder(base, paid)).toBe(paid);
  });

  it('keeps the current version against an older or equal one', () => {
    const later = order({ updatedAt: '2026-11-24T19:00:01Z' });
    expect(pickOrder(later, base)).toBe(later);
    expect(pickOrder(base, { ...base })).toBe(base);
  });

  it('never lets a final status revert to PaymentPending, even with a later updatedAt', () => {
    const laterPending = order({ updatedAt: '2026-11-24T19:00:05Z' });
    expect(pickOrder(paid, laterPending)).toBe(paid);
  });

  it('takes a final status over a pending one even if its clock reads earlier', () => {
    const skewedPending = order({ updatedAt: '2026-11-24T19:00:09Z' });
    expect(pickOrder(skewedPending, paid)).toBe(paid);
  });

  it('between two final versions keeps the later one', () => {
    expect(pickOrder(paid, failed)).toBe(failed);
    expect(pickOrder(failed, paid)).toBe(failed);
  });
});

describe('mergeOrders', () => {
  const empty: OrderMap = new Map();

  it('returns the same map when nothing changes', () => {
    const { orders } = mergeOrders(empty, [base]);
    const again = mergeOrders(orders, [base, { ...base }]);
    expect(again.orders).toBe(orders);
    expect(again.settled).toEqual([]);
  });

  it('applies events that arrive out of order and twice', () => {
    const { orders } = mergeOrders(empty, [paid, base, paid, base]);
    expect(orders.get(base.orderId)).toBe(paid);
  });

  it('reports orders that reached a final status, once', () => {
    const first = mergeOrders(empty, [base]);
    expect(first.settled).toEqual([]);
    const second = mergeOrders(first.orders, [paid, paid]);
    expect(second.settled).toEqual([paid]);
    expect(mergeOrders(second.orders, [paid]).settled).toEqual([]);
  });

  it('counts an order first seen already final as settled', () => {
    expect(mergeOrders(empty, [failed]).settled).toEqual([failed]);
  });

  it('merges a REST read with newer live state without going back', () => {
    const live = mergeOrders(empty, [paid]).orders;
    const other = order({ orderId: 'b', createdAt: '2026-11-24T19:00:02Z', updatedAt: '2026-11-24T19:00:02Z' });
    const { orders } = mergeOrders(live, [base, other]);
    expect(orders.get(base.orderId)).toBe(paid);
    expect(orders.get('b')).toBe(other);
  });

  it('does not modify the map it was given', () => {
    const start = mergeOrders(empty, [base]).orders;
    mergeOrders(start, [paid]);
    expect(start.get(base.orderId)).toBe(base);
  });
});

describe('list helpers', () => {
  const a = order({ orderId: 'a', createdAt: '2026-11-24T19:00:00Z' });
  const b = order({ orderId: 'b', createdAt: '2026-11-24T19:00:02Z', status: 'Paid' });
  const c = order({ orderId: 'c', createdAt: '2026-11-24T19:00:01Z', status: 'PaymentFailed' });
  const map = mergeOrders(new Map(), [a, b, c]).orders;

  it('sorts newest first', () => {
    expect(newestFirst(map).map((o) => o.orderId)).toEqual(['b', 'c', 'a']);
  });

  it('filters and counts by status', () => {
    const list = newestFirst(map);
    expect(filterByStatus(list, 'All')).toBe(list);
    expect(filterByStatus(list, 'Paid').map((o) => o.orderId)).toEqual(['b']);
    expect(countByStatus(list)).toEqual({ PaymentPending: 1, Paid: 1, PaymentFailed: 1 });
  });

  it('describes failure reasons in words', () => {
    expect(describeFailure('InsufficientFunds')).toBe('Insufficient funds');
    expect(describeFailure('AccountNotFound')).toBe('No payment account');
    expect(describeFailure(null)).toBeNull();
    expect(describeFailure('SomethingNew')).toBe('SomethingNew');
  });
});

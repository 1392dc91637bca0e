/**
 * The order list as the client knows it: live `orderUpdated` events and REST reads merged by
 * the contract's rule. Events for one order may arrive out of order or twice, so for each
 * order we keep the version with the latest `updatedAt`, and a final status never reverts
 * to `PaymentPending`. Pure functions over an immutable map; no React here.
 */
import type { FailureReason, Order, OrderStatus } from '../../api/types';

export type OrderMap = ReadonlyMap<string, Order>;
export type StatusFilter = OrderStatus | 'All';

export const ORDER_STATUSES: readonly OrderStatus[] = ['PaymentPending', 'Paid', 'PaymentFailed'];

export const isFinal = (status: OrderStatus): boolean => status !== 'PaymentPending';

/** The instant as [epoch ms, nanoseconds past that ms]: .NET writes up to 7 fraction digits. */
function instant(iso: string): [number, number] {
  const ms = Date.parse(iso);
  const fraction = /T\d\d:\d\d:\d\d\.(\d+)/.exec(iso)?.[1] ?? '';
  const beyondMs = Number(fraction.slice(3, 9).padEnd(6, '0'));
  return [Number.isNaN(ms) ? -Infinity : ms, beyondMs];
}

/** Negative when `a` is earlier than `b`, positive when later, 0 when the same instant. */
export function compareInstants(a: string, b: string): number {
  const [aMs, aNs] = instant(a);
  const [bMs, bNs] = instant(b);
  return aMs !== bMs ? Math.sign(aMs - bMs) : Math.sign(aNs - bNs);
}

/** The version of one order to keep; returns `current` itself when `incoming` adds nothing. */
export function pickOrder(current: Order | undefined, incoming: Order): Order {
  if (!current) return incoming;
  const currentFinal = isFinal(current.status);
  const incomingFinal = isFinal(incoming.status);
  if (currentFinal && !incomingFinal) return current;
  if (incomingFinal && !currentFinal) return incoming;
  return compareInstants(incoming.updatedAt, current.updatedAt) > 0 ? incoming : current;
}

export interface MergeResult {
  /** The new map; the very same object when nothing changed (cheap change detection). */
  orders: OrderMap;
  /** Orders that reached a final status in this merge (they were pending or unknown before). */
  settled: Order[];
}

export function mergeOrders(orders: OrderMap, incoming: Iterable<Order>): MergeResult {
  let next: Map<string, Order> | undefined;
  const settled = new Map<string, Order>();
  for (const order of incoming) {
    const current = (next ?? orders).get(order.orderId);
    const kept = pickOrder(current, order);
    if (kept === current) continue;
    next ??= new Map(orders);
    next.set(order.orderId, kept);
    const before = orders.get(order.orderId);
    if (isFinal(kept.status) && !(before && isFinal(before.status))) {
      settled.set(kept.orderId, kept);
    }
  }
  return { orders: next ?? orders, settled: [...settled.values()] };
}

/** Newest first, by creation time (ties: by id, so the order is stable). */
export function newestFirst(orders: OrderMap): Order[] {
  const keyed = [...orders.values()].map((order) => ({ order, at: instant(order.createdAt) }));
  keyed.sort((a, b) => b.at[0] - a.at[0] || b.at[1] - a.at[1] || b.order.orderId.localeCompare(a.order.orderId));
  return keyed.map(({ order }) => order);
}

export function filterByStatus(orders: readonly Order[], filter: StatusFilter): readonly Order[] {
  return filter === 'All' ? orders : orders.filter((o) => o.status === filter);
}

export function countByStatus(orders: Iterable<Order>): Record<OrderStatus, number> {
  const counts: Record<OrderStatus, number> = { PaymentPending: 0, Paid: 0, PaymentFailed: 0 };
  for (const order of orders) counts[order.status] += 1;
  return counts;
}

export const STATUS_LABELS: Record<OrderStatus, string> = {
  PaymentPending: 'Payment pending',
  Paid: 'Paid',
  PaymentFailed: 'Payment failed',
};

const FAILURE_REASONS: Record<FailureReason, string> = {
  InsufficientFunds: 'Insufficient funds',
  AccountNotFound: 'No payment account',
};

/** The failure reason in words; an unknown future code is shown as it is rather than hidden. */
export function describeFailure(reason: string | null): string | null {
  if (!reason) return null;
  return FAILURE_REASONS[reason as FailureReason] ?? reason;
}

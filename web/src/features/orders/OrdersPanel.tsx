import { useMemo, useState } from 'react';
import type { LoadState } from './useOrders';
import {
  ORDER_STATUSES,
  STATUS_LABELS,
  countByStatus,
  filterByStatus,
  newestFirst,
  type OrderMap,
  type StatusFilter,
} from './orders';
import { OrderRow } from './OrderRow';
import { JourneyDialog } from '../journey/JourneyDialog';
import './orders.css';

const PAGE = 50;

interface OrdersPanelProps {
  orders: OrderMap;
  load: LoadState;
  onRetry(): void;
}

export function OrdersPanel({ orders, load, onRetry }: OrdersPanelProps) {
  const [filter, setFilter] = useState<StatusFilter>('All');
  const [shown, setShown] = useState(PAGE);
  const [journeyOf, setJourneyOf] = useState<string | null>(null);

  const sorted = useMemo(() => newestFirst(orders), [orders]);
  const counts = useMemo(() => countByStatus(sorted), [sorted]);
  const visible = useMemo(() => filterByStatus(sorted, filter), [sorted, filter]);
  const filters: { value: StatusFilter; label: string; count: number }[] = [
    { value: 'All', label: 'All', count: sorted.length },
    ...ORDER_STATUSES.map((status) => ({ value: status, label: STATUS_LABELS[status], count: counts[status] })),
  ];

  return (
    <section className="card orders" aria-labelledby="orders-title">
      <header className="card__header orders__header">
        <h2 id="orders-title">Orders</h2>
        <div className="segmented" role="group" aria-label="Filter by status">
          {filters.map(({ value, label, count }) => (
            <button
              key={value}
              type="button"
              className="segmented__option"
              aria-pressed={filter === value}
              onClick={() => {
                setFilter(value);
                setShown(PAGE);
              }}
            >
              {label}
              <span className="segmented__count">{count}</span>
            </button>
          ))}
        </div>
      </header>

      {load.status === 'error' && (
        <div className="banner banner--error" role="alert">
          <span>Could not load orders: {load.message}</span>
          <button type="button" className="button button--small button--ghost" onClick={onRetry}>
            Retry
          </button>
        </div>
      )}

      {visible.length === 0 ? (
        <p className="empty">
          {load.status === 'loading'
            ? 'Loading orders…'
            : filter === 'All'
              ? 'No orders yet. Place one, or run a simulation below.'
              : `No orders with status “${STATUS_LABELS[filter]}”.`}
        </p>
      ) : (
        <ol className="order-list" aria-label="Orders, newest first">
          {visible.slice(0, shown).map((order) => (
            <OrderRow key={order.orderId} order={order} onJourney={setJourneyOf} />
          ))}
        </ol>
      )}

      {visible.length > shown && (
        <button type="button" className="button button--ghost button--block" onClick={() => setShown(shown + PAGE)}>
          Show {Math.min(PAGE, visible.length - shown)} more · {visible.length - shown} not shown
        </button>
      )}
      {journeyOf && <JourneyDialog orderId={journeyOf} onClose={() => setJourneyOf(null)} />}
    </section>
  );
}

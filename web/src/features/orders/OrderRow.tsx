import { memo } from 'react';
import type { Order } from '../../api/types';
import { formatDuration, formatMoney, formatTime } from '../../lib/format';
import { describeFailure, isFinal } from './orders';
import { STATUS_TONES, StatusBadge } from './StatusBadge';

/** One order; memoized, so a burst of events re-renders only the orders that changed. */
export const OrderRow = memo(function OrderRow({
  order,
  onJourney,
}: {
  order: Order;
  onJourney?(orderId: string): void;
}) {
  const reason = describeFailure(order.failureReason);
  const settledIn = isFinal(order.status) ? Date.parse(order.updatedAt) - Date.parse(order.createdAt) : null;
  return (
    <li
      className={`order order--${STATUS_TONES[order.status]}`}
      data-order-id={order.orderId}
      data-status={order.status}
    >
      <div className="order__what">
        <span className="order__description">{order.description ?? <span className="muted">No description</span>}</span>
        {/* The tail: time-ordered (v7) UUIDs of one moment share their first digits. */}
        <code className="order__id" title={order.orderId}>
          …{order.orderId.slice(-8)}
        </code>
      </div>
      <div className="order__status">
        <StatusBadge status={order.status} />
        {reason && <span className="order__reason">{reason}</span>}
      </div>
      <div className="order__when">
        <time dateTime={order.createdAt} title={order.createdAt}>
          {formatTime(order.createdAt)}
        </time>
        {settledIn !== null && <span className="muted">settled in {formatDuration(settledIn)}</span>}
      </div>
      <span className="order__amount">{formatMoney(order.amount)}</span>
      {onJourney && (
        <button
          type="button"
          className="button button--small button--ghost order__journey"
          onClick={() => onJourney(order.orderId)}
        >
          Journey
        </button>
      )}
    </li>
  );
});

import type { OrderStatus } from '../../api/types';
import { STATUS_LABELS } from './orders';
import './orders.css';

export const STATUS_TONES: Record<OrderStatus, 'pending' | 'paid' | 'failed'> = {
  PaymentPending: 'pending',
  Paid: 'paid',
  PaymentFailed: 'failed',
};

export function StatusBadge({ status }: { status: OrderStatus }) {
  return (
    <span className={`badge badge--${STATUS_TONES[status]}`} data-status={status}>
      {STATUS_LABELS[status]}
    </span>
  );
}

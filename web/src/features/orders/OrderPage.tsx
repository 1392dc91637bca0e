import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { api } from '../../api/client';
import { ApiError } from '../../api/problem';
import { StatusBadge } from './StatusBadge';
import './orders.css';

/** One order, by id (deep link from the Operations page), re-read every two seconds until it is final. */
export function OrderPage() {
  const { orderId } = useParams();
  const order = useQuery({
    queryKey: ['order', orderId],
    queryFn: () => api.getOrder(orderId!),
    refetchInterval: (query) => (query.state.data && query.state.data.status !== 'PaymentPending' ? false : 2000),
    retry: (count, error) => !(error instanceof ApiError && error.status === 404) && count < 2,
  });
  return (
    <main className="page">
      <section className="card order-page" aria-label="Order">
        <div className="order-page__header">
          <Link to="/">← Shop</Link>
          <Link to="/ops">Operations</Link>
          <h1>Order {orderId}</h1>
        </div>
        {order.error && (
          <p className="form-error">{order.error instanceof ApiError ? order.error.summary : order.error.message}</p>
        )}
        {order.data && (
          <dl className="order-page__details">
            <dt>Status</dt>
            <dd data-testid="order-status">
              <StatusBadge status={order.data.status} />
            </dd>
            <dt>User</dt>
            <dd>{order.data.userId}</dd>
            <dt>Amount</dt>
            <dd>{order.data.amount}</dd>
            <dt>Description</dt>
            <dd>{order.data.description ?? '—'}</dd>
            <dt>Failure reason</dt>
            <dd>{order.data.failureReason ?? '—'}</dd>
            <dt>Created</dt>
            <dd>{new Date(order.data.createdAt).toLocaleString()}</dd>
            <dt>Updated</dt>
            <dd>{new Date(order.data.updatedAt).toLocaleString()}</dd>
          </dl>
        )}
      </section>
    </main>
  );
}

import { useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { OrderJourney } from './OrderJourney';

interface OrderSummary {
  orderId: string;
  status: string;
  amount: number;
  createdAt: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const fetchOrdersOf = (userId: string): Promise<OrderSummary[]> => api.listOrders(userId);

interface JourneySearchProps {
  /** Replaces the fetch of a user's orders (tests). */
  loadOrders?: (userId: string) => Promise<OrderSummary[]>;
}

/** For the Operations page: find a journey by order id, or pick one of a user's orders. */
export function JourneySearch({ loadOrders = fetchOrdersOf }: JourneySearchProps) {
  const [query, setQuery] = useState('');
  const [orderId, setOrderId] = useState<string | null>(null);
  const [orders, setOrders] = useState<OrderSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  const search = async (event: FormEvent) => {
    event.preventDefault();
    const value = query.trim();
    setError(null);
    setOrders(null);
    setOrderId(null);
    if (!value) return;
    if (UUID.test(value)) {
      setOrderId(value);
      return;
    }
    try {
      setOrders(await loadOrders(value));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <section className="card journey-search" aria-label="Journey search">
      <form onSubmit={search} className="journey-search__form">
        <label htmlFor="journey-query">Order id or user id</label>
        <input id="journey-query" value={query} onChange={(e) => setQuery(e.target.value)} />
        <button type="submit" className="button button--small">
          Find
        </button>
      </form>
      {error && (
        <p className="banner banner--error" role="alert">
          {error}
        </p>
      )}
      {orders && orders.length === 0 && <p className="muted">No orders for this user.</p>}
      {orders && orders.length > 0 && (
        <ul className="journey-search__orders" aria-label="Orders of the user">
          {orders.map((order) => (
            <li key={order.orderId}>
              <button
                type="button"
                className="button button--small button--ghost"
                onClick={() => setOrderId(order.orderId)}
              >
                {order.orderId} · {order.status} · {order.amount}
              </button>
            </li>
          ))}
        </ul>
      )}
      {orderId && <OrderJourney key={orderId} orderId={orderId} />}
    </section>
  );
}

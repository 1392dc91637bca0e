import { useCallback, useEffect, useRef, useState } from 'react';
import type { NewOrder, Order } from '../../api/types';
import { NOT_CONNECTED } from './errors';
import { connectOrdersHub, type ConnectionState, type OrdersHub } from './ordersHub';
import { useLatest } from '../../lib/useLatest';

export type OrderListener = (order: Order) => void;

/** What other parts of the page may do with the signed-in user's connection: listen, and place orders over it. */
export type SignedInHub = Pick<OrdersHub, 'createOrder' | 'ready'> & {
  subscribe(listener: OrderListener): () => void;
};

/** The signed-in user's hub connection, its state, and a way to listen to its events. */
export function useOrdersHub(userId: string, onResync: () => void) {
  const [state, setState] = useState<ConnectionState>('connecting');
  const hub = useRef<OrdersHub | null>(null);
  const listeners = useRef(new Set<OrderListener>());
  const resync = useLatest(onResync);

  useEffect(() => {
    const connection = connectOrdersHub(userId, {
      onOrder: (order) => listeners.current.forEach((listener) => listener(order)),
      onStateChange: setState,
      onResync: () => resync.current(),
    });
    hub.current = connection;
    return () => {
      hub.current = null;
      void connection.stop();
    };
  }, [userId, resync]);

  const subscribe = useCallback((listener: OrderListener) => {
    listeners.current.add(listener);
    return () => {
      listeners.current.delete(listener);
    };
  }, []);

  const createOrder = useCallback(async (order: NewOrder, idempotencyKey?: string): Promise<Order> => {
    if (!hub.current) throw new Error(NOT_CONNECTED);
    return hub.current.createOrder(order, idempotencyKey);
  }, []);

  const ready = useCallback((): Promise<void> => hub.current?.ready() ?? Promise.reject(new Error(NOT_CONNECTED)), []);

  return { state, subscribe, createOrder, ready };
}

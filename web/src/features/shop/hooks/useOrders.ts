import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../../api/client';
import { errorMessage } from '../../../api/problem';
import type { Order } from '../../../api/types';
import { mergeOrders, type OrderMap } from '../state/orders';
import { useLatest } from './useLatest';

export type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

const EMPTY: OrderMap = new Map();

/**
 * The user's orders: a REST read merged with live events. Events are buffered and applied
 * once per animation frame, so a burst of hundreds costs one render.
 */
export function useOrders(userId: string, onSettled: (orders: Order[]) => void) {
  const [orders, setOrders] = useState<OrderMap>(EMPTY);
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const current = useRef<OrderMap>(EMPTY);
  const buffer = useRef<Order[]>([]);
  const frame = useRef<number | null>(null);
  const settledCallback = useLatest(onSettled);

  const apply = useCallback(
    (incoming: readonly Order[], notify: boolean) => {
      const result = mergeOrders(current.current, incoming);
      if (result.orders === current.current) return;
      current.current = result.orders;
      setOrders(result.orders);
      if (notify && result.settled.length > 0) settledCallback.current(result.settled);
    },
    [settledCallback],
  );

  /** Adds a live event or a freshly created order. */
  const push = useCallback(
    (order: Order) => {
      buffer.current.push(order);
      frame.current ??= requestAnimationFrame(() => {
        frame.current = null;
        const batch = buffer.current;
        buffer.current = [];
        apply(batch, true);
      });
    },
    [apply],
  );

  const reload = useCallback(async () => {
    try {
      apply(await api.listOrders(userId), false);
      setLoad({ status: 'ready' });
    } catch (error) {
      setLoad({ status: 'error', message: errorMessage(error) });
    }
  }, [userId, apply]);

  useEffect(() => {
    void reload();
  }, [reload]);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  return { orders, load, push, reload };
}

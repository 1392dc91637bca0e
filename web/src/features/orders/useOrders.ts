import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client';
import { errorMessage } from '../../api/problem';
import type { Order } from '../../api/types';
import { coalesce } from '../../lib/coalesce';
import { mergeOrders, type OrderMap } from './orders';
import { useLatest } from '../../lib/useLatest';

export type LoadState = { status: 'loading' } | { status: 'ready' } | { status: 'error'; message: string };

const EMPTY: OrderMap = new Map();

/**
 * Live events are applied together at most this often. Once per animation frame was up to 60 re-sorts, layouts
 * and paints of the list a second during a simulation, CPU the page then took from the hosts on the same machine;
 * a lone event after a quiet spell is still applied at once (coalesce).
 */
const APPLY_EVERY_MS = 150;

/** The user's orders: a REST read merged with live events, which are buffered (see APPLY_EVERY_MS). */
export function useOrders(userId: string, onSettled: (orders: Order[]) => void) {
  const [orders, setOrders] = useState<OrderMap>(EMPTY);
  const [load, setLoad] = useState<LoadState>({ status: 'loading' });
  const current = useRef<OrderMap>(EMPTY);
  const buffer = useRef<Order[]>([]);
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

  const applyBuffered = useMemo(
    () =>
      coalesce(async () => {
        const batch = buffer.current;
        buffer.current = [];
        apply(batch, true);
      }, APPLY_EVERY_MS),
    [apply],
  );

  /** Adds a live event or a freshly created order. */
  const push = useCallback(
    (order: Order) => {
      buffer.current.push(order);
      applyBuffered();
    },
    [applyBuffered],
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

  return { orders, load, push, reload };
}

/**
 * The SignalR connection to `/hubs/orders` for one user: live `orderUpdated` events, the
 * `CreateOrder` method, and a connection that keeps trying until it is stopped.
 */
import { HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import type { NewOrder, Order } from '../../../api/types';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface OrdersHubHandlers {
  onOrder(order: Order): void;
  onStateChange?(state: ConnectionState): void;
  /** Connected again after a gap in which events may have been missed: re-read over REST. */
  onResync?(): void;
}

export interface OrdersHub {
  createOrder(order: NewOrder): Promise<Order>;
  /** Resolves once connected; rejects if stopped first. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

/** Backs off 0.5 s, 1 s, 2 s … up to 10 s between tries, and never gives up. */
export const retryDelayMs = (previousRetryCount: number): number => Math.min(500 * 2 ** previousRetryCount, 10_000);

export function connectOrdersHub(userId: string, handlers: OrdersHubHandlers): OrdersHub {
  const connection = new HubConnectionBuilder()
    .withUrl(`/hubs/orders?userId=${encodeURIComponent(userId)}`)
    .withAutomaticReconnect({ nextRetryDelayInMilliseconds: (c) => retryDelayMs(c.previousRetryCount) })
    .configureLogging(LogLevel.None)
    .build();

  let stopped = false;
  let missedEvents = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let markReady = () => {};
  let markStopped = (_reason: Error) => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    markStopped = reject;
  });
  ready.catch(() => {});

  const setState = (state: ConnectionState) => {
    if (!stopped) handlers.onStateChange?.(state);
  };
  const connected = () => {
    setState('connected');
    markReady();
    if (missedEvents) {
      missedEvents = false;
      handlers.onResync?.();
    }
  };

  // SignalR's automatic reconnect only covers a connection that was up and dropped; the
  // first start, and a close the server forces, are retried here with the same back-off.
  const start = async (attempt: number): Promise<void> => {
    if (stopped) return;
    setState(attempt === 0 ? 'connecting' : 'reconnecting');
    try {
      await connection.start();
      connected();
    } catch {
      missedEvents = true;
      if (!stopped) retryTimer = setTimeout(() => void start(attempt + 1), retryDelayMs(attempt));
    }
  };

  connection.on('orderUpdated', (order: Order) => handlers.onOrder(order));
  connection.onreconnecting(() => {
    missedEvents = true;
    setState('reconnecting');
  });
  connection.onreconnected(connected);
  connection.onclose(() => {
    missedEvents = true;
    if (!stopped) retryTimer = setTimeout(() => void start(1), retryDelayMs(0));
  });
  void start(0);

  return {
    createOrder: (order) =>
      connection.invoke<Order>('CreateOrder', {
        amount: order.amount,
        description: order.description ?? null,
      }),
    ready: () => ready,
    async stop() {
      setState('disconnected');
      stopped = true;
      clearTimeout(retryTimer);
      markStopped(new Error('Connection stopped'));
      if (connection.state !== HubConnectionState.Disconnected) await connection.stop();
    },
  };
}

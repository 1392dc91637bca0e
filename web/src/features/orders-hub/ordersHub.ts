/**
 * The SignalR connection to `/hubs/orders` for one user: live `orderUpdated` events, the
 * `CreateOrder` method, and a connection that keeps trying until it is stopped.
 */
import { HubConnectionBuilder, HubConnectionState, LogLevel } from '@microsoft/signalr';
import type { NewOrder, Order } from '../../api/types';
import { newIdempotencyKey } from '../../lib/idempotencyKey';
import { NOT_CONNECTED } from './errors';
import { placeOrder, retryDelayMs, type CreateOrderInput } from './placeOrder';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected';

export interface OrdersHubHandlers {
  onOrder(order: Order): void;
  onStateChange?(state: ConnectionState): void;
  /** Connected again after a gap in which events may have been missed: re-read over REST. */
  onResync?(): void;
}

export interface OrdersHub {
  /**
   * Places an order under `idempotencyKey` (a new one unless given); a retry after a dropped connection
   * reuses the key, so the order is placed once. Fails with an ApiError carrying the server's problem.
   */
  createOrder(order: NewOrder, idempotencyKey?: string): Promise<Order>;
  /** Resolves once connected; rejects if stopped first. */
  ready(): Promise<void>;
  stop(): Promise<void>;
}

/** How long a retried CreateOrder waits for the connection to come back before it gives up. */
const RECONNECT_WAIT_MS = 15_000;

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
  const connectionWaiters = new Set<{ resolve(): void; reject(reason: Error): void }>();
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
    connectionWaiters.forEach((waiter) => waiter.resolve());
    connectionWaiters.clear();
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

  const untilConnected = (): Promise<void> => {
    if (connection.state === HubConnectionState.Connected) return Promise.resolve();
    if (stopped) return Promise.reject(new Error(NOT_CONNECTED));
    return new Promise((resolve, reject) => {
      const waiter = {
        resolve: () => {
          clearTimeout(timer);
          resolve();
        },
        reject: (reason: Error) => {
          clearTimeout(timer);
          reject(reason);
        },
      };
      const timer = setTimeout(() => {
        connectionWaiters.delete(waiter);
        reject(new Error(NOT_CONNECTED));
      }, RECONNECT_WAIT_MS);
      connectionWaiters.add(waiter);
    });
  };

  return {
    createOrder: (order, idempotencyKey = newIdempotencyKey()) =>
      placeOrder(
        (input: CreateOrderInput) => connection.invoke<Order>('CreateOrder', input),
        { amount: order.amount, description: order.description ?? null, idempotencyKey },
        untilConnected,
      ),
    ready: () => ready,
    async stop() {
      setState('disconnected');
      stopped = true;
      clearTimeout(retryTimer);
      markStopped(new Error('Connection stopped'));
      connectionWaiters.forEach((waiter) => waiter.reject(new Error(NOT_CONNECTED)));
      connectionWaiters.clear();
      if (connection.state !== HubConnectionState.Disconnected) await connection.stop();
    },
  };
}

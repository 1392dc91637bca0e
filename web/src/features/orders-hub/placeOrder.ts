/**
 * Places one order through the hub's `CreateOrder`, retrying a call that got no answer (the connection dropped or
 * was down) or an answer that says "retry" (409: the first call with this key is still being processed; 429: too many orders waiting to settle; 503). Every
 * attempt carries the same idempotency key, so however many attempts reach the server, one order is placed.
 */
import type { Order } from '../../api/types';
import { answeredByServer, toHubError } from './errors';
import { ApiError } from '../../api/problem';

export interface CreateOrderInput {
  amount: number;
  description: string | null;
  idempotencyKey: string;
}

export const PLACE_ORDER_ATTEMPTS = 4;

/** Backs off 0.5 s, 1 s, 2 s … up to 10 s. */
export const retryDelayMs = (previousRetryCount: number): number => Math.min(500 * 2 ** previousRetryCount, 10_000);

const RETRY_STATUSES = new Set([409, 429, 503]);

export async function placeOrder(
  invoke: (input: CreateOrderInput) => Promise<Order>,
  input: CreateOrderInput,
  /** Resolves once the connection is up (again); rejects if it will not be. */
  untilConnected: () => Promise<void>,
  attempts: number = PLACE_ORDER_ATTEMPTS,
): Promise<Order> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await invoke(input);
    } catch (failure) {
      const error = toHubError(failure);
      const retry = !answeredByServer(failure) || (error instanceof ApiError && RETRY_STATUSES.has(error.status));
      if (!retry || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt - 1)));
      await untilConnected();
    }
  }
}

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/problem';
import type { Order } from '../../api/types';
import { placeOrder, type CreateOrderInput } from './placeOrder';

const INPUT: CreateOrderInput = { amount: 5, description: null, idempotencyKey: 'key-1' };
const ORDER = { orderId: 'o-1', status: 'PaymentPending' } as Order;
const DROPPED = new Error('Invocation canceled due to the underlying connection being closed.');
const problem = (body: object) =>
  new Error(`An unexpected error occurred invoking 'CreateOrder' on the server. HubException: ${JSON.stringify(body)}`);

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('placeOrder', () => {
  it('retries a call lost with the connection, once reconnected, under the same idempotency key', async () => {
    const invoke = vi
      .fn<(input: CreateOrderInput) => Promise<Order>>()
      .mockRejectedValueOnce(DROPPED)
      .mockResolvedValue(ORDER);
    const untilConnected = vi.fn(async () => {});

    const placed = placeOrder(invoke, INPUT, untilConnected);
    await vi.advanceTimersByTimeAsync(1000);

    await expect(placed).resolves.toBe(ORDER);
    expect(untilConnected).toHaveBeenCalledTimes(1);
    expect(invoke.mock.calls.map(([input]) => input.idempotencyKey)).toEqual(['key-1', 'key-1']);
    expect(invoke.mock.calls[1]![0]).toEqual(INPUT);
  });

  it.each([
    [409, 'the first call with the key is still in progress'],
    [429, 'too many orders are waiting to settle'],
  ])('retries a %i (%s) with the same key', async (status) => {
    const invoke = vi
      .fn<(input: CreateOrderInput) => Promise<Order>>()
      .mockRejectedValueOnce(problem({ status, title: 'Not now', detail: 'Retry later.' }))
      .mockResolvedValue(ORDER);

    const placed = placeOrder(invoke, INPUT, async () => {});
    await vi.advanceTimersByTimeAsync(1000);

    await expect(placed).resolves.toBe(ORDER);
    expect(invoke.mock.calls.map(([input]) => input.idempotencyKey)).toEqual(['key-1', 'key-1']);
  });

  it('does not retry a problem the server answered: it is the caller’s to show', async () => {
    const invoke = vi
      .fn()
      .mockRejectedValue(
        problem({ status: 400, title: 'The request is invalid', detail: 'bad', errors: { amount: ['bad'] } }),
      );

    const placed = placeOrder(invoke, INPUT, async () => {});

    await expect(placed).rejects.toBeInstanceOf(ApiError);
    expect(invoke).toHaveBeenCalledTimes(1);
  });

  it('gives up after a few attempts, saying it is not connected', async () => {
    const invoke = vi.fn().mockRejectedValue(DROPPED);

    const placed = placeOrder(invoke, INPUT, async () => {}, 3);
    const outcome = expect(placed).rejects.toThrow('Not connected to the server');
    await vi.advanceTimersByTimeAsync(10_000);

    await outcome;
    expect(invoke).toHaveBeenCalledTimes(3);
    expect(new Set(invoke.mock.calls.map(([input]) => input.idempotencyKey))).toEqual(new Set(['key-1']));
  });

  it('stops when the connection will not come back', async () => {
    const invoke = vi.fn().mockRejectedValue(DROPPED);
    const placed = placeOrder(invoke, INPUT, () => Promise.reject(new Error('stopped')));
    const outcome = expect(placed).rejects.toThrow('stopped');
    await vi.advanceTimersByTimeAsync(1000);
    await outcome;
    expect(invoke).toHaveBeenCalledTimes(1);
  });
});

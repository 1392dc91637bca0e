import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { NewOrder, Order } from '../../api/types';
import { placeOrder, type CreateOrderInput } from '../orders-hub/placeOrder';
import { SimulationRun, type SimulationConfig, type SimulationDeps, type SimulationTiming } from './runner';

const TIMING: SimulationTiming = {
  sampleEveryMs: 100,
  pollAfterMs: 3000,
  maxConcurrentPolls: 4,
  settleTimeoutMs: 10_000,
};

let sequence = 0;
function pending(userId: string, amount: number): Order {
  sequence += 1;
  const at = new Date(Date.now()).toISOString();
  return {
    orderId: `order-${sequence}`,
    userId,
    amount,
    description: null,
    status: 'PaymentPending',
    failureReason: null,
    createdAt: at,
    updatedAt: at,
  };
}

function settle(order: Order, status: 'Paid' | 'PaymentFailed', offsetMs = 1): Order {
  return {
    ...order,
    status,
    failureReason: status === 'Paid' ? null : 'InsufficientFunds',
    updatedAt: new Date(Date.parse(order.updatedAt) + offsetMs).toISOString(),
  };
}

const config = (patch: Partial<SimulationConfig> = {}): SimulationConfig => ({
  count: 5,
  concurrency: 2,
  amount: { kind: 'fixed', value: 10 },
  userIds: ['alice'],
  ...patch,
});

/** Deps whose created orders are kept for the test to settle; nothing settles by itself. */
function fakeDeps(overrides: Partial<SimulationDeps> = {}) {
  const created: Order[] = [];
  let keys = 0;
  const deps: SimulationDeps = {
    createOrder: vi.fn(async (userId: string, { amount }: NewOrder) => {
      const order = pending(userId, amount);
      created.push(order);
      return order;
    }),
    getOrder: vi.fn(async (orderId: string) => created.find((o) => o.orderId === orderId)!),
    now: () => Date.now(),
    random: () => 0.5,
    newIdempotencyKey: () => `key-${++keys}`,
    ...overrides,
  };
  return { deps, created };
}

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('SimulationRun', () => {
  it('follows every order to its final status from live events', async () => {
    const { deps, created } = fakeDeps();
    const run = new SimulationRun(config(), deps, TIMING);
    const done = run.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(created).toHaveLength(5);
    expect(run.snapshot().summary).toMatchObject({ pending: 5, sent: 5 });

    vi.advanceTimersByTime(250);
    created.forEach((order, i) => run.observe(settle(order, i < 3 ? 'Paid' : 'PaymentFailed')));
    await expect(done).resolves.toBe('completed');

    const { summary, samples, outcome } = run.snapshot();
    expect(outcome).toBe('completed');
    expect(summary).toMatchObject({ requested: 5, pending: 0, paid: 3, failed: 2, errors: 0, p50Ms: 250, p95Ms: 250 });
    expect(samples.at(-1)).toMatchObject({ pending: 0, paid: 3, failed: 2 });
    expect(deps.getOrder).not.toHaveBeenCalled();
  });

  it('counts duplicates and out-of-order events once', async () => {
    const { deps, created } = fakeDeps();
    const run = new SimulationRun(config({ count: 1 }), deps, TIMING);
    const done = run.start();
    await vi.advanceTimersByTimeAsync(0);
    const order = created[0]!;
    run.observe(settle(order, 'Paid'));
    run.observe(order);
    run.observe(settle(order, 'Paid'));
    await done;
    expect(run.snapshot().summary).toMatchObject({ paid: 1, failed: 0, pending: 0 });
  });

  it('uses an event that arrives before the create call returns', async () => {
    const { deps } = fakeDeps();
    let run: SimulationRun | undefined;
    deps.createOrder = async (userId, { amount }) => {
      const order = pending(userId, amount);
      run!.observe(order);
      run!.observe(settle(order, 'PaymentFailed'));
      return order;
    };
    run = new SimulationRun(config({ count: 3 }), deps, TIMING);
    await expect(run.start()).resolves.toBe('completed');
    expect(run.snapshot().summary).toMatchObject({ failed: 3, pending: 0 });
  });

  it('polls over REST for orders with no event after a while', async () => {
    const { deps, created } = fakeDeps();
    const run = new SimulationRun(config({ count: 2 }), deps, TIMING);
    const done = run.start();
    await vi.advanceTimersByTimeAsync(0);
    created.splice(0, 2, ...created.map((order) => settle(order, 'Paid')));

    await vi.advanceTimersByTimeAsync(2900);
    expect(deps.getOrder).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(200);
    await expect(done).resolves.toBe('completed');
    expect(deps.getOrder).toHaveBeenCalledTimes(2);
    // Settled, but no push was heard: a poll's timing says when the poll ran, not when the order settled.
    expect(run.snapshot().summary).toMatchObject({ paid: 2, settled: 2, untimed: 2, p50Ms: null });
  });

  it('times each order from its own create call, not from the start of the run', async () => {
    const { deps, created } = fakeDeps();
    const create = deps.createOrder;
    deps.createOrder = async (userId, order, key) => {
      await new Promise((resolve) => setTimeout(resolve, 100));
      return create(userId, order, key);
    };
    const run = new SimulationRun(config({ count: 3, concurrency: 1 }), deps, TIMING);
    const done = run.start();
    // Calls go out at 0, 100 and 200 ms, one at a time; all three settle at 400 ms.
    await vi.advanceTimersByTimeAsync(400);
    expect(created).toHaveLength(3);
    created.forEach((order) => run.observe(settle(order, 'Paid')));
    await expect(done).resolves.toBe('completed');

    expect(run.snapshot().summary).toMatchObject({ paid: 3, untimed: 0, p50Ms: 300, maxMs: 400 });
  });

  it('times a push heard before its create call returned from when it was heard', async () => {
    const { deps } = fakeDeps();
    let run: SimulationRun | undefined;
    deps.createOrder = async (userId, { amount }) => {
      const order = pending(userId, amount);
      await new Promise((resolve) => setTimeout(resolve, 40));
      run!.observe(settle(order, 'Paid'));
      await new Promise((resolve) => setTimeout(resolve, 60));
      return order;
    };
    run = new SimulationRun(config({ count: 1 }), deps, TIMING);
    const done = run.start();
    await vi.advanceTimersByTimeAsync(100);
    await expect(done).resolves.toBe('completed');

    expect(run.snapshot().summary).toMatchObject({ paid: 1, p50Ms: 40 });
  });

  it('gives every order its own idempotency key', async () => {
    const { deps } = fakeDeps();
    const run = new SimulationRun(config({ count: 3 }), deps, TIMING);
    void run.start();
    await vi.advanceTimersByTimeAsync(0);
    const calls = vi.mocked(deps.createOrder).mock.calls;
    expect(calls.map(([, , key]) => key)).toEqual(['key-1', 'key-2', 'key-3']);
    run.stop();
  });

  it('retries an order lost with its connection under the same key, places it once, and times it from the first send', async () => {
    const { deps } = fakeDeps();
    const server = new Map<string, Order>();
    const sent: string[] = [];
    let dropNext = true;
    // The server places the order, then the connection drops before its answer arrives.
    const invoke = async (input: CreateOrderInput): Promise<Order> => {
      sent.push(input.idempotencyKey);
      const order = server.get(input.idempotencyKey) ?? pending('alice', input.amount);
      server.set(input.idempotencyKey, order);
      if (dropNext) {
        dropNext = false;
        throw new Error('Invocation canceled due to the underlying connection being closed.');
      }
      return order;
    };
    deps.createOrder = (_userId, order, idempotencyKey) =>
      placeOrder(
        invoke,
        { amount: order.amount, description: order.description ?? null, idempotencyKey },
        async () => {},
      );
    const run = new SimulationRun(config({ count: 1 }), deps, TIMING);
    const done = run.start();
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toEqual(['key-1', 'key-1']);
    expect(server.size).toBe(1);

    run.observe(settle([...server.values()][0]!, 'Paid'));
    await expect(done).resolves.toBe('completed');
    expect(run.snapshot().summary).toMatchObject({ sent: 1, paid: 1, errors: 0, p50Ms: 600 });
  });

  it('never has more create calls in flight than the concurrency', async () => {
    let inFlight = 0;
    let most = 0;
    const { deps } = fakeDeps();
    const create = deps.createOrder;
    deps.createOrder = async (userId, order, idempotencyKey) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      await new Promise((resolve) => setTimeout(resolve, 10));
      inFlight -= 1;
      return create(userId, order, idempotencyKey);
    };
    const run = new SimulationRun(config({ count: 20, concurrency: 3 }), deps, TIMING);
    void run.start();
    await vi.advanceTimersByTimeAsync(200);
    expect(most).toBe(3);
    expect(run.snapshot().summary.sent).toBe(20);
    run.stop();
  });

  it('spreads orders over the users in turn, with random amounts', async () => {
    const { deps, created } = fakeDeps({ random: () => 0.25 });
    const run = new SimulationRun(
      config({ count: 4, userIds: ['u1', 'u2'], amount: { kind: 'random', min: 10, max: 30 } }),
      deps,
      TIMING,
    );
    void run.start();
    await vi.advanceTimersByTimeAsync(0);
    expect(created.map((o) => [o.userId, o.amount])).toEqual([
      ['u1', 15],
      ['u2', 15],
      ['u1', 15],
      ['u2', 15],
    ]);
    run.stop();
  });

  it('counts rejected create calls as errors and finishes without them', async () => {
    const { deps } = fakeDeps();
    deps.createOrder = async () => {
      throw new Error('Service unavailable');
    };
    const run = new SimulationRun(config({ count: 3 }), deps, TIMING);
    await expect(run.start()).resolves.toBe('completed');
    expect(run.snapshot()).toMatchObject({
      summary: { errors: 3, sent: 3, settled: 0 },
      lastError: 'Service unavailable',
    });
  });

  it('stops sending and freezes its figures when stopped', async () => {
    const { deps, created } = fakeDeps();
    deps.createOrder = vi.fn(async (userId: string, { amount }: NewOrder) => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      const order = pending(userId, amount);
      created.push(order);
      return order;
    });
    const run = new SimulationRun(config({ count: 100, concurrency: 1 }), deps, TIMING);
    const done = run.start();
    await vi.advanceTimersByTimeAsync(120);
    run.stop();
    await expect(done).resolves.toBe('stopped');
    await vi.advanceTimersByTimeAsync(1000);
    expect(deps.createOrder).toHaveBeenCalledTimes(3);
    created.forEach((order) => run.observe(settle(order, 'Paid')));
    expect(run.snapshot().summary.paid).toBe(0);
  });

  it('gives up on orders that never settle', async () => {
    const { deps } = fakeDeps();
    const run = new SimulationRun(config({ count: 2 }), deps, TIMING);
    const done = run.start();
    await vi.advanceTimersByTimeAsync(TIMING.settleTimeoutMs + 500);
    await expect(done).resolves.toBe('timedOut');
    expect(run.snapshot().summary.pending).toBe(2);
  });
});

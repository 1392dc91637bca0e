/**
 * One simulation run: fires `count` orders at a fixed concurrency and follows each one to its
 * final status, from live events (`observe`) with a REST poll for orders that stay silent.
 * An order's settle time runs from the moment its create call is made (over the hub's WebSocket it
 * goes out at once, with no browser queue in between) to the moment its final `orderUpdated` push is
 * heard; an order whose final status only a REST poll found is counted but not timed.
 * The UI reads `snapshot()` on its own schedule, so 500 events never mean 500 renders.
 */
import { errorMessage } from '../../api/problem';
import type { NewOrder, Order } from '../../api/types';
import { newIdempotencyKey } from '../../lib/idempotencyKey';
import { isFinal, pickOrder } from '../orders/orders';
import { randomAmount, summarize, type SimCounts, type SimSample, type SimSummary } from './simulation';

export type AmountRule = { kind: 'fixed'; value: number } | { kind: 'random'; min: number; max: number };

export interface SimulationConfig {
  count: number;
  concurrency: number;
  amount: AmountRule;
  /** Orders go to these users in turn. */
  userIds: readonly string[];
}

export interface SimulationDeps {
  /** Sends the order at once; retries (after a dropped connection) reuse `idempotencyKey`. */
  createOrder(userId: string, order: NewOrder, idempotencyKey: string): Promise<Order>;
  getOrder(orderId: string): Promise<Order>;
  now?: () => number;
  random?: () => number;
  newIdempotencyKey?: () => string;
}

export interface SimulationTiming {
  sampleEveryMs: number;
  /** Poll an order over REST once it has been this long without news. */
  pollAfterMs: number;
  maxConcurrentPolls: number;
  /** Give up on orders still pending this long after the last create call returned. */
  settleTimeoutMs: number;
}

export const DEFAULT_TIMING: SimulationTiming = {
  sampleEveryMs: 200,
  pollAfterMs: 3000,
  maxConcurrentPolls: 8,
  settleTimeoutMs: 60_000,
};

export type RunOutcome = 'completed' | 'stopped' | 'timedOut';

export interface SimulationSnapshot {
  summary: SimSummary;
  samples: readonly SimSample[];
  /** null while the run goes on. */
  outcome: RunOutcome | null;
  /** The last error a create call got, for display. */
  lastError: string | null;
}

interface Tracked {
  /** When the create call was made. */
  sentAt: number;
  order: Order | undefined;
  lastNewsAt: number;
  polling: boolean;
}

export class SimulationRun {
  private readonly tracked = new Map<string, Tracked>();
  /** Events for orders whose create call has not returned yet, and when the latest was heard. */
  private readonly early = new Map<string, { order: Order; heardAt: number }>();
  private readonly settleTimes: number[] = [];
  private readonly samples: SimSample[] = [];
  private readonly counts: SimCounts = { sending: 0, pending: 0, paid: 0, failed: 0, errors: 0 };
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly newKey: () => string;
  private startedAt = 0;
  private endedAt: number | undefined;
  private createsDoneAt: number | undefined;
  private outcome: RunOutcome | null = null;
  private lastError: string | null = null;
  private activePolls = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  private resolveDone: (outcome: RunOutcome) => void = () => {};

  constructor(
    private readonly config: SimulationConfig,
    private readonly deps: SimulationDeps,
    private readonly timing: SimulationTiming = DEFAULT_TIMING,
  ) {
    this.now = deps.now ?? (() => performance.now());
    this.random = deps.random ?? Math.random;
    this.newKey = deps.newIdempotencyKey ?? newIdempotencyKey;
  }

  /** Starts the run; resolves when every order has settled, or on stop or time-out. */
  start(): Promise<RunOutcome> {
    const done = new Promise<RunOutcome>((resolve) => (this.resolveDone = resolve));
    this.startedAt = this.now();
    this.sample();
    this.timer = setInterval(() => this.tick(), this.timing.sampleEveryMs);
    void this.createAll().then(() => {
      this.createsDoneAt = this.now();
      this.checkDone();
    });
    return done;
  }

  /** Feeds a live `orderUpdated` event; events for other orders are ignored. */
  observe(order: Order): void {
    if (this.outcome) return;
    const heardAt = this.now();
    const tracked = this.tracked.get(order.orderId);
    if (tracked) {
      this.update(tracked, order, heardAt, true);
      return;
    }
    const before = this.early.get(order.orderId);
    const kept = pickOrder(before?.order, order);
    if (kept !== before?.order) this.early.set(order.orderId, { order: kept, heardAt });
  }

  stop(): void {
    this.end('stopped');
  }

  snapshot(): SimulationSnapshot {
    const elapsed = (this.endedAt ?? this.now()) - this.startedAt;
    return {
      summary: summarize(this.config.count, { ...this.counts }, this.settleTimes, elapsed),
      samples: [...this.samples],
      outcome: this.outcome,
      lastError: this.lastError,
    };
  }

  private async createAll(): Promise<void> {
    let next = 0;
    const worker = async () => {
      while (!this.outcome && next < this.config.count) {
        await this.createOne(next++);
      }
    };
    const workers = Math.max(1, Math.min(this.config.concurrency, this.config.count));
    await Promise.all(Array.from({ length: workers }, worker));
  }

  private async createOne(index: number): Promise<void> {
    const { userIds, amount: rule } = this.config;
    const userId = userIds[index % userIds.length]!;
    const amount = rule.kind === 'fixed' ? rule.value : randomAmount(rule.min, rule.max, this.random);
    const order = { amount, description: `Simulation order ${index + 1}` };
    const idempotencyKey = this.newKey();
    this.counts.sending += 1;
    const sentAt = this.now();
    try {
      const created = await this.deps.createOrder(userId, order, idempotencyKey);
      this.counts.sending -= 1;
      const tracked: Tracked = { sentAt, order: undefined, lastNewsAt: this.now(), polling: false };
      this.tracked.set(created.orderId, tracked);
      this.update(tracked, created, this.now(), false);
      const early = this.early.get(created.orderId);
      if (early) {
        this.early.delete(created.orderId);
        this.update(tracked, early.order, early.heardAt, true);
      }
    } catch (error) {
      this.counts.sending -= 1;
      this.counts.errors += 1;
      this.lastError = errorMessage(error);
    }
  }

  /** `pushed`: `incoming` came as an `orderUpdated` event heard at `heardAt` (else from a REST answer). */
  private update(tracked: Tracked, incoming: Order, heardAt: number, pushed: boolean): void {
    if (this.outcome) return;
    const before = tracked.order;
    const kept = pickOrder(before, incoming);
    if (kept === before) return;
    tracked.order = kept;
    tracked.lastNewsAt = this.now();
    const wasFinal = before !== undefined && isFinal(before.status);
    if (wasFinal) return;
    if (!isFinal(kept.status)) {
      if (!before) this.counts.pending += 1;
      return;
    }
    if (before) this.counts.pending -= 1;
    if (kept.status === 'Paid') this.counts.paid += 1;
    else this.counts.failed += 1;
    if (pushed) this.settleTimes.push(heardAt - tracked.sentAt);
    this.checkDone();
  }

  private tick(): void {
    this.sample();
    const now = this.now();
    if (this.createsDoneAt !== undefined && now - this.createsDoneAt > this.timing.settleTimeoutMs) {
      this.end('timedOut');
      return;
    }
    for (const tracked of this.tracked.values()) {
      if (this.activePolls >= this.timing.maxConcurrentPolls) break;
      const order = tracked.order;
      if (!order || isFinal(order.status) || tracked.polling) continue;
      if (now - tracked.lastNewsAt >= this.timing.pollAfterMs) void this.poll(tracked, order.orderId);
    }
  }

  private async poll(tracked: Tracked, orderId: string): Promise<void> {
    tracked.polling = true;
    this.activePolls += 1;
    try {
      this.update(tracked, await this.deps.getOrder(orderId), this.now(), false);
    } catch {
      // A failed poll is retried on a later tick.
    } finally {
      tracked.polling = false;
      tracked.lastNewsAt = this.now();
      this.activePolls -= 1;
    }
  }

  private sample(): void {
    const { pending, paid, failed } = this.counts;
    this.samples.push({ t: this.now() - this.startedAt, pending, paid, failed });
  }

  private checkDone(): void {
    const { sending, pending } = this.counts;
    if (this.createsDoneAt !== undefined && sending === 0 && pending === 0) this.end('completed');
  }

  private end(outcome: RunOutcome): void {
    if (this.outcome) return;
    this.outcome = outcome;
    this.endedAt = this.now();
    clearInterval(this.timer);
    this.sample();
    this.early.clear();
    this.resolveDone(outcome);
  }
}

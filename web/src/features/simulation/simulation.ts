/** Statistics of a simulation run: pure functions, unit-tested. */

/** Nearest-rank percentile (p in 0–100) of unsorted values; null for no values. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((Math.min(Math.max(p, 0), 100) / 100) * sorted.length);
  return sorted[Math.max(rank, 1) - 1]!;
}

/** One point of the live chart: how many orders were in each state `t` ms after the start. */
export interface SimSample {
  t: number;
  pending: number;
  paid: number;
  failed: number;
}

/**
 * Keeps at most `max` points for drawing, always keeping the first and the last, so a long
 * run costs the chart no more than a short one.
 */
export function downsample(samples: readonly SimSample[], max: number): readonly SimSample[] {
  if (samples.length <= max || max < 2) return samples;
  const step = (samples.length - 1) / (max - 1);
  return Array.from({ length: max }, (_, i) => samples[Math.round(i * step)]!);
}

export interface SimCounts {
  /** Create calls not yet answered. */
  sending: number;
  /** Accepted, no final status seen yet. */
  pending: number;
  paid: number;
  failed: number;
  /** Create calls that were rejected or never answered. */
  errors: number;
}

export interface SimSummary extends SimCounts {
  requested: number;
  /** Create calls answered (accepted or not). */
  sent: number;
  settled: number;
  /** Settled orders without a settle time: their final status came from a REST poll, not a push. */
  untimed: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** Settled orders per second over the elapsed time. */
  throughput: number | null;
  elapsedMs: number;
}

export function summarize(
  requested: number,
  counts: SimCounts,
  settleTimesMs: readonly number[],
  elapsedMs: number,
): SimSummary {
  const settled = counts.paid + counts.failed;
  return {
    ...counts,
    requested,
    sent: counts.pending + settled + counts.errors,
    settled,
    untimed: settled - settleTimesMs.length,
    p50Ms: percentile(settleTimesMs, 50),
    p95Ms: percentile(settleTimesMs, 95),
    maxMs: settleTimesMs.length > 0 ? Math.max(...settleTimesMs) : null,
    throughput: elapsedMs > 0 && settled > 0 ? settled / (elapsedMs / 1000) : null,
    elapsedMs,
  };
}

/** A random amount in [min, max] with at most 2 decimals, never below 0.01. */
export function randomAmount(min: number, max: number, random: () => number): number {
  const value = min + random() * (max - min);
  return Math.max(0.01, Math.round(value * 100) / 100);
}

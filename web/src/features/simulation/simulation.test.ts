import { describe, expect, it } from 'vitest';
import { downsample, percentile, randomAmount, summarize, type SimSample } from './simulation';

describe('percentile (nearest rank)', () => {
  it('is null without values', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('picks the nearest rank from unsorted values', () => {
    const values = [50, 10, 40, 20, 30];
    expect(percentile(values, 50)).toBe(30);
    expect(percentile(values, 95)).toBe(50);
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(50);
  });

  it('matches the textbook on 1..100', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
  });

  it('does not sort the caller’s array', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

describe('summarize', () => {
  it('derives sent, settled, percentiles and throughput', () => {
    const summary = summarize(
      10,
      { sending: 1, pending: 2, paid: 4, failed: 2, errors: 1 },
      [100, 200, 300, 400, 500, 600],
      2000,
    );
    expect(summary).toMatchObject({
      requested: 10,
      sent: 9,
      settled: 6,
      untimed: 0,
      p50Ms: 300,
      p95Ms: 600,
      maxMs: 600,
      throughput: 3,
    });
  });

  it('has no throughput or percentiles before anything settles', () => {
    const summary = summarize(5, { sending: 5, pending: 0, paid: 0, failed: 0, errors: 0 }, [], 0);
    expect(summary).toMatchObject({ sent: 0, p50Ms: null, p95Ms: null, maxMs: null, throughput: null });
  });
});

describe('downsample', () => {
  const samples: SimSample[] = Array.from({ length: 1000 }, (_, t) => ({ t, pending: 0, paid: t, failed: 0 }));

  it('leaves short series alone', () => {
    const short = samples.slice(0, 10);
    expect(downsample(short, 50)).toBe(short);
  });

  it('keeps first and last and at most max points', () => {
    const result = downsample(samples, 100);
    expect(result).toHaveLength(100);
    expect(result[0]).toBe(samples[0]);
    expect(result.at(-1)).toBe(samples.at(-1));
  });
});

describe('randomAmount', () => {
  it('stays in range with two decimals', () => {
    expect(randomAmount(1, 20, () => 0)).toBe(1);
    expect(randomAmount(1, 20, () => 0.999999)).toBe(20);
    expect(randomAmount(1, 2, () => 0.123456)).toBe(1.12);
  });

  it('never goes below 0.01', () => {
    expect(randomAmount(0, 0.001, () => 0)).toBe(0.01);
  });
});

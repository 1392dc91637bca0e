import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { coalesce } from './coalesce';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('coalesce', () => {
  it('runs once more after a burst of calls, not once per call', async () => {
    let runs = 0;
    const task = coalesce(async () => {
      runs += 1;
      await new Promise((resolve) => setTimeout(resolve, 100));
    });
    for (let i = 0; i < 50; i++) task();
    await vi.advanceTimersByTimeAsync(1000);
    expect(runs).toBe(2);
  });

  it('keeps a minimum gap between starts', async () => {
    const starts: number[] = [];
    const task = coalesce(async () => {
      starts.push(Date.now());
    }, 250);
    task();
    await vi.advanceTimersByTimeAsync(10);
    task();
    await vi.advanceTimersByTimeAsync(1000);
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(250);
  });

  it('goes on after a failing run', async () => {
    let runs = 0;
    const task = coalesce(async () => {
      runs += 1;
      throw new Error('offline');
    });
    task();
    await vi.advanceTimersByTimeAsync(0);
    task();
    await vi.advanceTimersByTimeAsync(0);
    expect(runs).toBe(2);
  });
});

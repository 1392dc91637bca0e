import { describe, expect, it } from 'vitest';
import { formatDuration, formatMoney, parseAmount } from './format';

describe('parseAmount', () => {
  it.each([
    ['25', 25],
    [' 12.5 ', 12.5],
    ['12,50', 12.5],
    ['.5', 0.5],
    ['0', 0],
    ['1.234', 1.234],
  ])('reads %j', (text, value) => {
    expect(parseAmount(text)).toBe(value);
  });

  it.each(['', 'abc', '-5', '1e3', '1.2.3', '12 50'])('rejects %j', (text) => {
    expect(parseAmount(text)).toBeNull();
  });
});

describe('formatting', () => {
  it('formats money with two decimals and grouping', () => {
    expect(formatMoney(1234.5)).toBe('1,234.50');
    expect(formatMoney(0)).toBe('0.00');
  });

  it('formats durations at a readable scale', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(142.4)).toBe('142 ms');
    expect(formatDuration(1530)).toBe('1.53 s');
    expect(formatDuration(12_340)).toBe('12.3 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });
});

/** Display formatting and input parsing shared by the components. */

const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

export const formatMoney = (value: number): string => money.format(value);

const wholeAmount = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** A limit as a hint states it: 1000000 → "1,000,000". */
export const formatAmountLimit = (value: number): string => wholeAmount.format(value);

const timeOfDay = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
});

/** Time of day for today's instants, day and time for older ones. */
export function formatTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  return date.toDateString() === now.toDateString() ? timeOfDay.format(date) : dayAndTime.format(date);
}

export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms)) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;
  const minutes = Math.floor(ms / 60_000);
  return `${minutes} min ${Math.round((ms % 60_000) / 1000)} s`;
}

/**
 * Reads a money amount as typed ("25", "12.5", "12,50"). Returns null for anything that is
 * not a plain non-negative decimal number; range and precision are the server's to judge, so
 * "0" and "1.234" are passed on and its answer is shown.
 */
export function parseAmount(text: string): number | null {
  const normalized = text.trim().replace(',', '.');
  return /^\d+(\.\d+)?$|^\.\d+$/.test(normalized) ? Number(normalized) : null;
}

export const AMOUNT_FORMAT_HINT = 'Enter an amount such as 25 or 12.50.';

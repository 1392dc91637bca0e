/** The simulation form: its raw values, their validation, and the run they describe. */
import { DEPOSIT_MAX, ORDER_AMOUNT_MAX } from '../../api/limits';
import { formatAmountLimit } from '../../lib/format';
import type { AmountRule } from './runner';

export const LIMITS = {
  orders: { min: 1, max: 500 },
  concurrency: { min: 1, max: 50 },
  users: { min: 2, max: 20 },
  orderAmount: { max: ORDER_AMOUNT_MAX },
  startingBalance: { max: DEPOSIT_MAX },
} as const;

export interface SimulationForm {
  count: string;
  concurrency: string;
  amountKind: 'fixed' | 'random';
  fixedAmount: string;
  minAmount: string;
  maxAmount: string;
  target: 'self' | 'generated';
  users: string;
  startingBalance: string;
}

export const DEFAULT_FORM: SimulationForm = {
  count: '100',
  concurrency: '10',
  amountKind: 'random',
  fixedAmount: '5',
  minAmount: '1',
  maxAmount: '20',
  target: 'self',
  users: '5',
  startingBalance: '500',
};

export type SimulationTarget = { kind: 'self' } | { kind: 'generated'; users: number; startingBalance: number };

export interface SimulationRequest {
  count: number;
  concurrency: number;
  amount: AmountRule;
  target: SimulationTarget;
}

export type SimulationFormErrors = Partial<Record<keyof SimulationForm, string>>;

function integerIn(text: string, min: number, max: number): number | null {
  const value = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(value) && value >= min && value <= max ? value : null;
}

function money(text: string, max: number, allowZero: boolean): number | null {
  const normalized = text.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(normalized)) return null;
  const value = Number(normalized);
  return value <= max && (allowZero || value > 0) ? value : null;
}

const orderAmount = (text: string) => money(text, LIMITS.orderAmount.max, false);
const MONEY_RULE = `a positive amount with at most 2 decimals, up to ${formatAmountLimit(LIMITS.orderAmount.max)}`;

export function validateSimulationForm(
  form: SimulationForm,
): { request: SimulationRequest; errors?: undefined } | { request?: undefined; errors: SimulationFormErrors } {
  const errors: SimulationFormErrors = {};
  const count = integerIn(form.count, LIMITS.orders.min, LIMITS.orders.max);
  if (count === null) errors.count = `Enter a whole number from ${LIMITS.orders.min} to ${LIMITS.orders.max}.`;
  const concurrency = integerIn(form.concurrency, LIMITS.concurrency.min, LIMITS.concurrency.max);
  if (concurrency === null) {
    errors.concurrency = `Enter a whole number from ${LIMITS.concurrency.min} to ${LIMITS.concurrency.max}.`;
  }

  let amount: AmountRule | null = null;
  if (form.amountKind === 'fixed') {
    const value = orderAmount(form.fixedAmount);
    if (value === null) errors.fixedAmount = `Enter ${MONEY_RULE}.`;
    else amount = { kind: 'fixed', value };
  } else {
    const min = orderAmount(form.minAmount);
    const max = orderAmount(form.maxAmount);
    if (min === null) errors.minAmount = `Enter ${MONEY_RULE}.`;
    if (max === null) errors.maxAmount = `Enter ${MONEY_RULE}.`;
    else if (min !== null && max < min) errors.maxAmount = 'Must not be below the minimum.';
    if (min !== null && max !== null && max >= min) amount = { kind: 'random', min, max };
  }

  let target: SimulationTarget = { kind: 'self' };
  if (form.target === 'generated') {
    const users = integerIn(form.users, LIMITS.users.min, LIMITS.users.max);
    if (users === null) errors.users = `Enter a whole number from ${LIMITS.users.min} to ${LIMITS.users.max}.`;
    const startingBalance = money(form.startingBalance, LIMITS.startingBalance.max, true);
    if (startingBalance === null) {
      errors.startingBalance = `Enter an amount from 0 to ${formatAmountLimit(LIMITS.startingBalance.max)} with at most 2 decimals.`;
    }
    if (users !== null && startingBalance !== null) target = { kind: 'generated', users, startingBalance };
  }

  if (Object.keys(errors).length > 0 || count === null || concurrency === null || amount === null) {
    return { errors };
  }
  return { request: { count, concurrency, amount, target } };
}

/** Ids for generated users: unique per run, valid under the contract's userId rule. */
export function generatedUserIds(count: number, stamp: number = Date.now()): string[] {
  const run = stamp.toString(36);
  return Array.from({ length: count }, (_, i) => `sim-${run}-${String(i + 1).padStart(2, '0')}`);
}

import { describe, expect, it } from 'vitest';
import { DEPOSIT_MAX, ORDER_AMOUNT_MAX, USER_ID } from '../../api/limits';
import { formatAmountLimit } from '../../lib/format';
import { DEFAULT_FORM, generatedUserIds, validateSimulationForm } from './config';

describe('validateSimulationForm', () => {
  it('accepts the defaults', () => {
    expect(validateSimulationForm(DEFAULT_FORM)).toEqual({
      request: { count: 100, concurrency: 10, amount: { kind: 'random', min: 1, max: 20 }, target: { kind: 'self' } },
    });
  });

  it('reads a fixed amount and generated users', () => {
    const result = validateSimulationForm({
      ...DEFAULT_FORM,
      amountKind: 'fixed',
      fixedAmount: '2,50',
      target: 'generated',
      users: '3',
      startingBalance: '0',
    });
    expect(result.request).toMatchObject({
      amount: { kind: 'fixed', value: 2.5 },
      target: { kind: 'generated', users: 3, startingBalance: 0 },
    });
  });

  it('names each bad field', () => {
    const result = validateSimulationForm({
      ...DEFAULT_FORM,
      count: '501',
      concurrency: '1.5',
      minAmount: '5',
      maxAmount: '1',
      target: 'generated',
      users: '1',
      startingBalance: '1.234',
    });
    expect(Object.keys(result.errors ?? {}).sort()).toEqual([
      'concurrency',
      'count',
      'maxAmount',
      'startingBalance',
      'users',
    ]);
  });

  it('rejects zero and over-precise amounts', () => {
    expect(validateSimulationForm({ ...DEFAULT_FORM, amountKind: 'fixed', fixedAmount: '0' }).errors).toHaveProperty(
      'fixedAmount',
    );
    expect(validateSimulationForm({ ...DEFAULT_FORM, minAmount: '0.001' }).errors).toHaveProperty('minAmount');
  });

  it("takes the contract's largest amounts, and names them when exceeded", () => {
    const atLimit = { ...DEFAULT_FORM, amountKind: 'fixed', target: 'generated' } as const;
    expect(
      validateSimulationForm({
        ...atLimit,
        fixedAmount: String(ORDER_AMOUNT_MAX),
        startingBalance: String(DEPOSIT_MAX),
      }).errors,
    ).toBeUndefined();
    const errors = validateSimulationForm({
      ...atLimit,
      fixedAmount: String(ORDER_AMOUNT_MAX + 0.01),
      startingBalance: String(DEPOSIT_MAX + 0.01),
    }).errors;
    expect(errors?.fixedAmount).toContain(formatAmountLimit(ORDER_AMOUNT_MAX));
    expect(errors?.startingBalance).toContain(formatAmountLimit(DEPOSIT_MAX));
  });
});

describe('generatedUserIds', () => {
  it('makes unique ids that fit the contract', () => {
    const ids = generatedUserIds(12, 1_790_000_000_000);
    expect(new Set(ids).size).toBe(12);
    for (const id of ids) expect(id).toMatch(USER_ID.regex);
    expect(ids[0]).toBe(`sim-${(1_790_000_000_000).toString(36)}-01`);
  });
});

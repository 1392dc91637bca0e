import { afterEach, describe, expect, it, vi } from 'vitest';
import { IDEMPOTENCY_KEY } from '../api/limits';
import { newIdempotencyKey } from './idempotencyKey';

describe('newIdempotencyKey', () => {
  afterEach(() => vi.unstubAllGlobals());

  it("makes a key the contract's Idempotency-Key rule accepts", () => {
    expect(newIdempotencyKey()).toMatch(IDEMPOTENCY_KEY.regex);
  });

  it('makes one outside a secure context too, where crypto.randomUUID is missing', () => {
    const real = globalThis.crypto;
    vi.stubGlobal('crypto', { getRandomValues: (bytes: Uint8Array<ArrayBuffer>) => real.getRandomValues(bytes) });
    const key = newIdempotencyKey();
    expect(key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(key).toMatch(IDEMPOTENCY_KEY.regex);
  });
});

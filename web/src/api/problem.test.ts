import { describe, expect, it } from 'vitest';
import { ApiError, normalizeFieldName, parseProblem, toFormErrors } from './problem';

describe('normalizeFieldName', () => {
  it.each([
    ['amount', 'amount'],
    ['Amount', 'amount'],
    ['$.amount', 'amount'],
    ['request.Amount', 'amount'],
    ['UserId', 'userId'],
    ['$', ''],
  ])('%s → %s', (key, field) => {
    expect(normalizeFieldName(key)).toBe(field);
  });
});

describe('parseProblem', () => {
  it('reads a validation problem', () => {
    const body = JSON.stringify({
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { Amount: ['Amount must be greater than 0.'], '$.amount': ['At most 2 decimal places.'] },
    });
    expect(parseProblem(400, body)).toEqual({
      status: 400,
      title: 'One or more validation errors occurred.',
      errors: { amount: ['Amount must be greater than 0.', 'At most 2 decimal places.'] },
    });
  });

  it('keeps the detail', () => {
    const problem = parseProblem(404, JSON.stringify({ title: 'Not Found', detail: "No account 'bob'.", status: 404 }));
    expect(problem).toEqual({ status: 404, title: 'Not Found', detail: "No account 'bob'.", errors: {} });
  });

  it('falls back for empty or non-JSON bodies (a proxy in front of a stopped host)', () => {
    expect(parseProblem(502, '')).toEqual({ status: 502, title: 'Service unavailable', errors: {} });
    expect(parseProblem(500, '<html>oops</html>').title).toBe('Server error');
    expect(parseProblem(418, 'null').title).toBe('Request failed (418)');
  });

  it('ignores malformed errors entries', () => {
    const problem = parseProblem(400, JSON.stringify({ title: 'Bad', errors: { amount: 'single', other: [1, 2] } }));
    expect(problem.errors).toEqual({ amount: ['single'] });
  });
});

describe('toFormErrors', () => {
  const validation = new ApiError({
    status: 400,
    title: 'One or more validation errors occurred.',
    errors: { amount: ['Must be greater than 0.'], userId: ['Too long.'] },
  });

  it('puts known fields next to their inputs and the rest on the form', () => {
    expect(toFormErrors(validation, ['amount'])).toEqual({
      fields: { amount: 'Must be greater than 0.' },
      form: 'Too long.',
    });
  });

  it('shows the title and detail when no field is named', () => {
    const notFound = new ApiError({ status: 404, title: 'Not Found', detail: 'No such account.', errors: {} });
    expect(toFormErrors(notFound, ['amount'])).toEqual({ fields: {}, form: 'Not Found: No such account.' });
  });

  it('handles errors that are not problems', () => {
    expect(toFormErrors(new Error('boom'), ['amount'])).toEqual({ fields: {}, form: 'boom' });
  });
});

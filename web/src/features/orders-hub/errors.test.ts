import { describe, expect, it } from 'vitest';
import { ApiError, toFormErrors } from '../../api/problem';
import { NOT_CONNECTED, answeredByServer, toHubError } from './errors';

const fromServer = (message: string) =>
  new Error(`An unexpected error occurred invoking 'CreateOrder' on the server. HubException: ${message}`);

describe('hub errors', () => {
  it('reads the problem the server sends as JSON, with its errors by field', () => {
    const problem = {
      status: 400,
      title: 'The request is invalid',
      detail: 'amount must be greater than 0',
      errors: { amount: ['amount must be greater than 0'] },
    };

    const error = toHubError(fromServer(JSON.stringify(problem)));

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, title: 'The request is invalid', fieldErrors: problem.errors });
    expect(toFormErrors(error, ['amount', 'description'])).toEqual({
      fields: { amount: 'amount must be greater than 0' },
      form: null,
    });
  });

  it('shows a problem without field errors for the whole form', () => {
    const problem = {
      status: 422,
      title: 'Idempotency-Key reused with a different request',
      detail: 'The key was used.',
    };

    const error = toHubError(fromServer(JSON.stringify(problem)));

    expect(toFormErrors(error, ['amount'])).toEqual({
      fields: {},
      form: 'Idempotency-Key reused with a different request: The key was used.',
    });
  });

  it('falls back to a plain HubException message', () => {
    const error = toHubError(fromServer('Amount must be greater than 0.'));
    expect(error).not.toBeInstanceOf(ApiError);
    expect(error.message).toBe('Amount must be greater than 0.');
    expect(toHubError(fromServer('{"not":"a problem"}')).message).toBe('{"not":"a problem"}');
  });

  it('explains a call that got no answer: the connection was down or dropped', () => {
    const down = new Error("Cannot send data if the connection is not in the 'Connected' State.");
    const dropped = new Error('Invocation canceled due to the underlying connection being closed.');
    for (const error of [down, dropped]) {
      expect(answeredByServer(error)).toBe(false);
      expect(toHubError(error).message).toBe(NOT_CONNECTED);
    }
  });

  it('keeps other server answers as they are', () => {
    const binding = new Error("Failed to invoke 'CreateOrder' due to an error on the server.");
    expect(answeredByServer(binding)).toBe(true);
    expect(toHubError(binding)).toBe(binding);
  });
});

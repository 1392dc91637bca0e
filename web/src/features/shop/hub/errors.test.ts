import { describe, expect, it } from 'vitest';
import { hubErrorField, hubErrorMessage } from './errors';

describe('hub errors', () => {
  it('unwraps the HubException message', () => {
    const error = new Error(
      "An unexpected error occurred invoking 'CreateOrder' on the server. HubException: Amount must be greater than 0.",
    );
    expect(hubErrorMessage(error)).toBe('Amount must be greater than 0.');
  });

  it('explains a call made while disconnected', () => {
    const error = new Error("Cannot send data if the connection is not in the 'Connected' State.");
    expect(hubErrorMessage(error)).toBe('Not connected to the server. Try again in a moment.');
  });

  it('passes other messages on', () => {
    expect(hubErrorMessage(new Error('Something else'))).toBe('Something else');
    expect(hubErrorMessage('plain')).toBe('plain');
  });

  it('finds the field a message is about', () => {
    expect(hubErrorField('Amount must have at most 2 decimal places.')).toBe('amount');
    expect(hubErrorField('Description must be at most 200 characters.')).toBe('description');
    expect(hubErrorField('Too many requests.')).toBeUndefined();
  });
});

/**
 * A failed hub invocation arrives as an Error whose message wraps the server's HubException:
 * "An unexpected error occurred invoking 'CreateOrder' on the server. HubException: <message>".
 */

export function hubErrorMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const match = /HubException:\s*(.*)$/s.exec(raw);
  if (match?.[1]) return match[1].trim();
  if (/connection/i.test(raw) && /not in the 'Connected' State|being stopped|closed/i.test(raw)) {
    return 'Not connected to the server. Try again in a moment.';
  }
  return raw;
}

/** Which order-form field a hub error is about, so it can be shown next to that field. */
export function hubErrorField(message: string): 'amount' | 'description' | undefined {
  if (/description/i.test(message)) return 'description';
  if (/amount/i.test(message)) return 'amount';
  return undefined;
}

/**
 * The one place that talks REST to the hosts. Relative URLs only: the gateway (or the
 * dev/preview proxy) routes `/api/orders…` and `/api/payments…` to the right host.
 * Every failure is thrown as an ApiError carrying the problem details.
 */
import { ApiError, networkProblem, parseProblem } from './problem';
import type { Account, Order } from './types';

const ACCEPT = { Accept: 'application/json, application/problem+json' };

/** A JSON request to a host (or its gateway route); `headers` adds to the defaults (credentials, say). */
export async function requestJson<T>(
  method: 'GET' | 'POST' | 'DELETE',
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { ...ACCEPT, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }), ...headers },
      body: body === undefined ? null : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(networkProblem());
  }
  const text = await response.text();
  if (!response.ok) throw new ApiError(parseProblem(response.status, text));
  return JSON.parse(text) as T;
}

const request = <T,>(method: 'GET' | 'POST', url: string, body?: unknown) => requestJson<T>(method, url, body);

const accountUrl = (userId: string) => `/api/payments/accounts/${encodeURIComponent(userId)}`;

export const api = {
  getAccount: (userId: string) => request<Account>('GET', accountUrl(userId)),

  createAccount: (userId: string) => request<Account>('POST', '/api/payments/accounts', { userId }),

  deposit: (userId: string, amount: number) => request<Account>('POST', `${accountUrl(userId)}/deposits`, { amount }),

  listOrders: (userId: string) => request<Order[]>('GET', `/api/orders?userId=${encodeURIComponent(userId)}`),

  getOrder: (orderId: string) => request<Order>('GET', `/api/orders/${encodeURIComponent(orderId)}`),

  createOrder: (userId: string, amount: number, description?: string | null) =>
    request<Order>('POST', '/api/orders', { userId, amount, description: description ?? null }),
};

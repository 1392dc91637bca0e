import { afterEach, describe, expect, it, vi } from 'vitest';
import { api } from './client';
import { ApiError } from './problem';

function respond(status: number, body: unknown, contentType = 'application/json') {
  const fetchMock = vi.fn(
    async () =>
      new Response(typeof body === 'string' ? body : JSON.stringify(body), {
        status,
        headers: { 'Content-Type': contentType },
      }),
  );
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('api client', () => {
  it('reads an account through a relative, encoded URL', async () => {
    const fetchMock = respond(200, { userId: 'a.b', balance: 150.5 });
    await expect(api.getAccount('a.b')).resolves.toEqual({ userId: 'a.b', balance: 150.5 });
    expect(fetchMock).toHaveBeenCalledWith('/api/payments/accounts/a.b', expect.objectContaining({ method: 'GET' }));
  });

  it('posts JSON bodies', async () => {
    const fetchMock = respond(202, { orderId: 'x' });
    await api.createOrder('alice', 25, 'Coffee');
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit];
    expect(url).toBe('/api/orders');
    expect(JSON.parse(init.body as string)).toEqual({ userId: 'alice', amount: 25, description: 'Coffee' });
    expect(new Headers(init.headers).get('Content-Type')).toBe('application/json');
  });

  it('throws the problem details of a failed call', async () => {
    respond(
      400,
      {
        title: 'The request is invalid',
        status: 400,
        detail: 'amount must be greater than 0',
        errors: { amount: ['amount must be greater than 0'] },
      },
      'application/problem+json',
    );
    const error = await api.deposit('alice', 0).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 400, fieldErrors: { amount: ['amount must be greater than 0'] } });
  });

  it('turns a failed connection into a network problem', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => Promise.reject(new TypeError('Failed to fetch'))),
    );
    await expect(api.listOrders('alice')).rejects.toMatchObject({ status: 0, title: 'Network error' });
  });
});

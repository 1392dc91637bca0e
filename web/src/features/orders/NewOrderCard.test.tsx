// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/problem';
import { NewOrderCard } from './NewOrderCard';

afterEach(cleanup);

const place = () => fireEvent.click(screen.getByRole('button', { name: 'Place order' }));

describe('NewOrderCard', () => {
  it('sends amount and description through the hub', async () => {
    const onCreate = vi.fn().mockResolvedValue({});
    render(<NewOrderCard connected onCreate={onCreate} />);
    fireEvent.change(screen.getByLabelText('Order amount'), { target: { value: '12.5' } });
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: ' Coffee ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByRole('status')).toBeTruthy();
    expect(onCreate).toHaveBeenCalledWith(
      { amount: 12.5, description: 'Coffee' },
      expect.stringMatching(/^[0-9a-f-]{36}$/),
    );
  });

  it('shows each error of the hub problem next to the field it names', async () => {
    const onCreate = vi.fn().mockRejectedValue(
      new ApiError({
        status: 400,
        title: 'The request is invalid',
        detail: 'amount must be at most 1000000 description must be at most 200 characters',
        errors: {
          amount: ['amount must be at most 1000000'],
          description: ['description must be at most 200 characters'],
        },
      }),
    );
    render(<NewOrderCard connected onCreate={onCreate} />);
    fireEvent.change(screen.getByLabelText('Order amount'), { target: { value: '2000000' } });
    place();
    expect(await screen.findByText('amount must be at most 1000000')).toBeTruthy();
    expect(screen.getByText('description must be at most 200 characters')).toBeTruthy();
    expect(screen.getByLabelText('Order amount').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('Description').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a plain error for the whole form', async () => {
    render(<NewOrderCard connected onCreate={vi.fn().mockRejectedValue(new Error('Not connected to the server.'))} />);
    fireEvent.change(screen.getByLabelText('Order amount'), { target: { value: '3' } });
    place();
    expect((await screen.findByRole('alert')).textContent).toBe('Not connected to the server.');
  });

  it('places the same order again under the same key after a failure, and a new order under a new key', async () => {
    const onCreate = vi.fn().mockRejectedValueOnce(new Error('Not connected to the server.')).mockResolvedValue({});
    render(<NewOrderCard connected onCreate={onCreate} />);
    fireEvent.change(screen.getByLabelText('Order amount'), { target: { value: '3' } });
    place();
    await screen.findByRole('alert');
    place();
    await screen.findByRole('status');
    fireEvent.change(screen.getByLabelText('Order amount'), { target: { value: '4' } });
    place();
    await vi.waitFor(() => expect(onCreate).toHaveBeenCalledTimes(3));

    const [first, retry, next] = onCreate.mock.calls.map(([, key]) => key as string);
    expect(retry).toBe(first);
    expect(next).not.toBe(first);
  });

  it('waits for the connection', () => {
    render(<NewOrderCard connected={false} onCreate={vi.fn()} />);
    expect((screen.getByRole('button', { name: 'Place order' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Waiting for the live connection…')).toBeTruthy();
  });
});

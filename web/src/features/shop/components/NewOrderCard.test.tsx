// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { NewOrderCard } from './NewOrderCard';

afterEach(cleanup);

describe('NewOrderCard', () => {
  it('sends amount and description through the hub', async () => {
    const onCreate = vi.fn().mockResolvedValue({});
    render(<NewOrderCard connected onCreate={onCreate} />);
    fireEvent.change(screen.getByLabelText('Order amount'), { target: { value: '12.5' } });
    fireEvent.change(screen.getByLabelText('Description'), { target: { value: ' Coffee ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByRole('status')).toBeTruthy();
    expect(onCreate).toHaveBeenCalledWith({ amount: 12.5, description: 'Coffee' });
  });

  it('shows a HubException next to the field it names', async () => {
    const onCreate = vi
      .fn()
      .mockRejectedValue(
        new Error(
          "An unexpected error occurred invoking 'CreateOrder' on the server. HubException: Amount must be at most 1000000.",
        ),
      );
    render(<NewOrderCard connected onCreate={onCreate} />);
    fireEvent.change(screen.getByLabelText('Order amount'), { target: { value: '2000000' } });
    fireEvent.click(screen.getByRole('button', { name: 'Place order' }));
    expect(await screen.findByText('Amount must be at most 1000000.')).toBeTruthy();
    expect(screen.getByLabelText('Order amount').getAttribute('aria-invalid')).toBe('true');
  });

  it('waits for the connection', () => {
    render(<NewOrderCard connected={false} onCreate={vi.fn()} />);
    expect((screen.getByRole('button', { name: 'Place order' }) as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByText('Waiting for the live connection…')).toBeTruthy();
  });
});

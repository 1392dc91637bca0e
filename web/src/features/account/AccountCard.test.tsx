// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../api/problem';
import { AccountCard } from './AccountCard';

afterEach(cleanup);

const account = { userId: 'alice', balance: 150.5 };

function deposit(value: string) {
  fireEvent.change(screen.getByLabelText('Deposit amount'), { target: { value } });
  fireEvent.click(screen.getByRole('button', { name: 'Deposit' }));
}

describe('AccountCard', () => {
  it('shows the balance', () => {
    render(<AccountCard account={account} stale={false} onDeposit={vi.fn()} />);
    expect(screen.getByTestId('balance').textContent).toBe('150.50');
  });

  it('shows the API’s validation message next to the amount field', async () => {
    const onDeposit = vi.fn().mockRejectedValue(
      new ApiError({
        status: 400,
        title: 'One or more validation errors occurred.',
        errors: { amount: ['Amount must be greater than 0.'] },
      }),
    );
    render(<AccountCard account={account} stale={false} onDeposit={onDeposit} />);
    deposit('0');
    const input = screen.getByLabelText('Deposit amount');
    expect(await screen.findByText('Amount must be greater than 0.')).toBeTruthy();
    expect(onDeposit).toHaveBeenCalledWith(0);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(screen.getByText('Amount must be greater than 0.').id);
  });

  it('shows a problem without field errors for the whole form', async () => {
    const onDeposit = vi
      .fn()
      .mockRejectedValue(new ApiError({ status: 404, title: 'Not Found', detail: 'No account.', errors: {} }));
    render(<AccountCard account={account} stale={false} onDeposit={onDeposit} />);
    deposit('5');
    expect((await screen.findByRole('alert')).textContent).toBe('Not Found: No account.');
  });

  it('does not send text that is not an amount', () => {
    const onDeposit = vi.fn();
    render(<AccountCard account={account} stale={false} onDeposit={onDeposit} />);
    deposit('ten');
    expect(onDeposit).not.toHaveBeenCalled();
    expect(screen.getByText(/Enter an amount/)).toBeTruthy();
  });

  it('clears the field and confirms a deposit', async () => {
    const onDeposit = vi.fn().mockResolvedValue({ userId: 'alice', balance: 160.5 });
    render(<AccountCard account={account} stale={false} onDeposit={onDeposit} />);
    deposit('10');
    expect((await screen.findByRole('status')).textContent).toBe('Deposited 10.00.');
    expect((screen.getByLabelText('Deposit amount') as HTMLInputElement).value).toBe('');
  });
});

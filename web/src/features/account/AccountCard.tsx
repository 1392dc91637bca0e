import { useState, type FormEvent } from 'react';
import { NO_ERRORS, toFormErrors, type FormErrors } from '../../api/problem';
import type { Account } from '../../api/types';
import { AMOUNT_FORMAT_HINT, formatMoney, parseAmount } from '../../lib/format';
import { Field, FormError } from '../../lib/ui/Field';
import './account.css';

const QUICK_AMOUNTS = [10, 50, 100, 500];

interface AccountCardProps {
  account: Account;
  /** The last balance read failed, so the figure may be behind. */
  stale: boolean;
  onDeposit(amount: number): Promise<Account>;
}

export function AccountCard({ account, stale, onDeposit }: AccountCardProps) {
  const [amount, setAmount] = useState('');
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const value = parseAmount(amount);
    if (value === null) {
      setErrors({ fields: { amount: AMOUNT_FORMAT_HINT }, form: null });
      return;
    }
    setBusy(true);
    try {
      await onDeposit(value);
      setErrors(NO_ERRORS);
      setAmount('');
      setNotice(`Deposited ${formatMoney(value)}.`);
    } catch (error) {
      setErrors(toFormErrors(error, ['amount']));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card account" aria-labelledby="account-title">
      <header className="card__header">
        <h2 id="account-title">Balance</h2>
        {stale && (
          <span className="tag tag--warning" title="The last balance read failed">
            may be out of date
          </span>
        )}
      </header>
      {/* Keyed by the value, so the highlight animation replays whenever the balance changes. */}
      <p className="account__balance" data-testid="balance" key={account.balance}>
        {formatMoney(account.balance)}
      </p>

      <form className="stack" onSubmit={submit} noValidate aria-label="Deposit">
        <Field
          label="Deposit amount"
          name="amount"
          inputMode="decimal"
          placeholder="0.00"
          autoComplete="off"
          value={amount}
          onChange={(event) => {
            setAmount(event.target.value);
            setNotice(null);
          }}
          error={errors.fields.amount}
        />
        <div className="chips" aria-label="Quick amounts">
          {QUICK_AMOUNTS.map((quick) => (
            <button key={quick} type="button" className="chip" onClick={() => setAmount(String(quick))}>
              +{quick}
            </button>
          ))}
        </div>
        <button type="submit" className="button button--primary" disabled={busy}>
          {busy ? 'Depositing…' : 'Deposit'}
        </button>
        <FormError message={errors.form} />
        {notice && (
          <p className="form-success" role="status">
            {notice}
          </p>
        )}
      </form>
    </section>
  );
}

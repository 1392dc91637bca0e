import { useRef, useState, type FormEvent } from 'react';
import { DESCRIPTION_MAX } from '../../api/limits';
import { toFormErrors } from '../../api/problem';
import type { NewOrder, Order } from '../../api/types';
import { AMOUNT_FORMAT_HINT, parseAmount } from '../../lib/format';
import { newIdempotencyKey } from '../../lib/idempotencyKey';
import { Field, FormError } from '../../lib/ui/Field';

const FIELDS = ['amount', 'description'] as const;

interface Errors {
  amount?: string;
  description?: string;
  form?: string;
}

interface NewOrderCardProps {
  connected: boolean;
  onCreate(order: NewOrder, idempotencyKey: string): Promise<Order>;
}

/**
 * Places an order through the hub's CreateOrder; its status then updates live in the list. One idempotency key
 * stands for the order being entered: pressing the button again after a failure reuses it, so an order that did
 * reach the server is not placed twice; a placed order or an edit starts a new one.
 */
export function NewOrderCard({ connected, onCreate }: NewOrderCardProps) {
  const [amount, setAmount] = useState('');
  const [description, setDescription] = useState('');
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const idempotencyKey = useRef<string | null>(null);
  const edit = (set: (value: string) => void) => (value: string) => {
    idempotencyKey.current = null;
    set(value);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setNotice(null);
    const value = parseAmount(amount);
    if (value === null) {
      setErrors({ amount: AMOUNT_FORMAT_HINT });
      return;
    }
    setBusy(true);
    idempotencyKey.current ??= newIdempotencyKey();
    try {
      await onCreate({ amount: value, description: description.trim() || null }, idempotencyKey.current);
      idempotencyKey.current = null;
      setErrors({});
      setAmount('');
      setDescription('');
      setNotice('Order placed. Its payment status updates below.');
    } catch (error) {
      const { fields, form } = toFormErrors(error, FIELDS);
      setErrors({ ...fields, ...(form ? { form } : {}) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card" aria-labelledby="new-order-title">
      <header className="card__header">
        <h2 id="new-order-title">New order</h2>
      </header>
      <form className="stack" onSubmit={submit} noValidate aria-label="New order">
        <Field
          label="Order amount"
          name="amount"
          inputMode="decimal"
          placeholder="0.00"
          autoComplete="off"
          value={amount}
          onChange={(event) => edit(setAmount)(event.target.value)}
          error={errors.amount}
        />
        <Field
          label="Description"
          name="description"
          placeholder="Optional, e.g. Coffee"
          autoComplete="off"
          maxLength={DESCRIPTION_MAX}
          value={description}
          onChange={(event) => edit(setDescription)(event.target.value)}
          error={errors.description}
          hint={`${description.length}/${DESCRIPTION_MAX}`}
        />
        <button type="submit" className="button button--primary" disabled={busy || !connected}>
          {busy ? 'Placing…' : 'Place order'}
        </button>
        {!connected && <p className="field__hint">Waiting for the live connection…</p>}
        <FormError message={errors.form ?? null} />
        {notice && (
          <p className="form-success" role="status">
            {notice}
          </p>
        )}
      </form>
    </section>
  );
}

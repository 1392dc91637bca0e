import { useState, type ChangeEvent, type FormEvent } from 'react';
import type { SignedInHub } from '../orders-hub/useOrdersHub';
import { useSimulation } from './useSimulation';
import { DEFAULT_FORM, LIMITS, validateSimulationForm, type SimulationForm, type SimulationFormErrors } from './config';
import { Field, FormError } from '../../lib/ui/Field';
import { Segmented } from '../../lib/ui/Segmented';
import { SimulationResults } from './SimulationResults';
import './simulation.css';

interface SimulationPanelProps {
  userId: string;
  /** The signed-in user's connection, which a run for that user places its orders over. */
  hub: SignedInHub;
}

type TextKey = Exclude<keyof SimulationForm, 'amountKind' | 'target'>;

/** Fires many orders at once and charts how they settle. */
export function SimulationPanel({ userId, hub }: SimulationPanelProps) {
  const simulation = useSimulation(userId, hub);
  const [form, setForm] = useState<SimulationForm>(DEFAULT_FORM);
  const [errors, setErrors] = useState<SimulationFormErrors>({});
  const busy = simulation.phase === 'preparing' || simulation.phase === 'running';

  const set =
    <K extends keyof SimulationForm>(key: K) =>
    (value: SimulationForm[K]) =>
      setForm((current) => ({ ...current, [key]: value }));
  const input = (key: TextKey) => ({
    name: key,
    value: form[key],
    onChange: (event: ChangeEvent<HTMLInputElement>) => set(key)(event.target.value),
    error: errors[key],
    disabled: busy,
    autoComplete: 'off',
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const result = validateSimulationForm(form);
    setErrors(result.errors ?? {});
    if (result.request) void simulation.start(result.request);
  };

  return (
    <section className="card simulation" aria-labelledby="simulation-title">
      <header className="card__header">
        <h2 id="simulation-title">Load simulation</h2>
        <span className="muted">Fire many orders and watch them settle through the queue.</span>
      </header>
      <div className="simulation__body">
        <form className="simulation__form" onSubmit={submit} noValidate aria-label="Simulation settings">
          <div className="grid-2">
            <Field
              label="Orders"
              inputMode="numeric"
              hint={`${LIMITS.orders.min}–${LIMITS.orders.max}`}
              {...input('count')}
            />
            <Field
              label="Concurrency"
              inputMode="numeric"
              hint={`${LIMITS.concurrency.min}–${LIMITS.concurrency.max} requests at once`}
              {...input('concurrency')}
            />
          </div>

          <Segmented
            legend="Amounts"
            name="amountKind"
            value={form.amountKind}
            choices={[
              { value: 'random', label: 'Random' },
              { value: 'fixed', label: 'Fixed' },
            ]}
            disabled={busy}
            onChange={set('amountKind')}
          />
          {form.amountKind === 'fixed' ? (
            <Field label="Amount per order" inputMode="decimal" {...input('fixedAmount')} />
          ) : (
            <div className="grid-2">
              <Field label="Min amount" inputMode="decimal" {...input('minAmount')} />
              <Field label="Max amount" inputMode="decimal" {...input('maxAmount')} />
            </div>
          )}

          <Segmented
            legend="Place orders for"
            name="target"
            value={form.target}
            choices={[
              { value: 'self', label: 'This user' },
              { value: 'generated', label: 'Generated users' },
            ]}
            disabled={busy}
            onChange={set('target')}
          />
          {form.target === 'generated' && (
            <div className="grid-2">
              <Field
                label="Users"
                inputMode="numeric"
                hint={`${LIMITS.users.min}–${LIMITS.users.max}, each gets a new account`}
                {...input('users')}
              />
              <Field
                label="Starting balance"
                inputMode="decimal"
                hint="Deposited into each"
                {...input('startingBalance')}
              />
            </div>
          )}

          <div className="button-row">
            {busy ? (
              <button type="button" className="button button--danger" onClick={simulation.stop}>
                Stop
              </button>
            ) : (
              <button type="submit" className="button button--primary">
                Run simulation
              </button>
            )}
          </div>
          <FormError message={simulation.error} />
        </form>

        {simulation.phase === 'idle' ? (
          <div className="simulation__placeholder">
            <p>Results appear here: counts of pending, paid and failed orders over time, and how long payments take.</p>
          </div>
        ) : (
          <SimulationResults phase={simulation.phase} snapshot={simulation.snapshot} users={simulation.users} />
        )}
      </div>
    </section>
  );
}

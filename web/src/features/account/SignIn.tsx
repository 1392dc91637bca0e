import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../../api/client';
import { USER_ID } from '../../api/limits';
import { ApiError, toFormErrors } from '../../api/problem';
import type { Account } from '../../api/types';
import { recentUsers } from '../../lib/session';
import { Brand } from '../../lib/ui/Brand';
import { Field, FormError } from '../../lib/ui/Field';
import './account.css';

interface SignInProps {
  initialUserId: string;
  /** Check `initialUserId` at once (a returning visitor). */
  autoCheck: boolean;
  onSignedIn(account: Account): void;
}

type Step =
  | { kind: 'enter'; error: string | null }
  | { kind: 'busy' }
  | { kind: 'missing'; userId: string; error: string | null };

/** Signs in as an existing account, or offers to create a missing one; never silently. */
export function SignIn({ initialUserId, autoCheck, onSignedIn }: SignInProps) {
  const [userId, setUserId] = useState(initialUserId);
  const [step, setStep] = useState<Step>({ kind: 'enter', error: null });
  const recent = useRef(recentUsers()).current;

  const check = async (id: string) => {
    const trimmed = id.trim();
    if (!trimmed) {
      setStep({ kind: 'enter', error: 'Enter a user id.' });
      return;
    }
    setUserId(trimmed);
    setStep({ kind: 'busy' });
    try {
      onSignedIn(await api.getAccount(trimmed));
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        setStep({ kind: 'missing', userId: trimmed, error: null });
      } else {
        const errors = toFormErrors(error, ['userId']);
        setStep({ kind: 'enter', error: errors.fields.userId ?? errors.form });
      }
    }
  };

  const create = async (id: string) => {
    setStep({ kind: 'busy' });
    try {
      onSignedIn(await api.createAccount(id));
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        await check(id);
        return;
      }
      const errors = toFormErrors(error, ['userId']);
      setStep({ kind: 'missing', userId: id, error: errors.fields.userId ?? errors.form });
    }
  };

  const autoChecked = useRef(false);
  useEffect(() => {
    if (autoCheck && !autoChecked.current) {
      autoChecked.current = true;
      void check(initialUserId);
    }
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void check(userId);
  };

  const busy = step.kind === 'busy';
  return (
    <main className="sign-in">
      <div className="sign-in__card card">
        <Brand size="large" />
        <h1 className="sign-in__title">Sign in as a user</h1>
        <p className="sign-in__lead">
          Pick any user id to act as that customer: place orders, top up the balance and watch the payments settle live.
        </p>

        {step.kind === 'missing' ? (
          <div className="sign-in__missing" role="region" aria-label="Account not found">
            <p>
              There is no payment account for <strong>{step.userId}</strong> yet.
            </p>
            <div className="button-row">
              <button type="button" className="button button--primary" onClick={() => void create(step.userId)}>
                Create account “{step.userId}”
              </button>
              <button
                type="button"
                className="button button--ghost"
                onClick={() => setStep({ kind: 'enter', error: null })}
              >
                Use another id
              </button>
            </div>
            <FormError message={step.error} />
          </div>
        ) : (
          <form className="sign-in__form" onSubmit={submit} noValidate>
            <Field
              label="User id"
              name="userId"
              value={userId}
              onChange={(event) => setUserId(event.target.value)}
              placeholder="e.g. alice"
              autoComplete="off"
              autoFocus
              spellCheck={false}
              disabled={busy}
              error={step.kind === 'enter' ? (step.error ?? undefined) : undefined}
              hint={`${USER_ID.minLength}–${USER_ID.maxLength} characters: letters, digits, dot, underscore, dash.`}
            />
            <button type="submit" className="button button--primary button--block" disabled={busy}>
              {busy ? 'Checking…' : 'Continue'}
            </button>
          </form>
        )}

        {recent.length > 0 && step.kind !== 'missing' && (
          <div className="sign-in__recent">
            <span className="muted">Recent</span>
            {recent.map((id) => (
              <button key={id} type="button" className="chip" disabled={busy} onClick={() => void check(id)}>
                {id}
              </button>
            ))}
          </div>
        )}
      </div>
    </main>
  );
}

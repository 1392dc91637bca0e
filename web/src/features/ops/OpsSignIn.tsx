import { useState, type FormEvent } from 'react';
import { ApiError } from '../../api/problem';
import { opsClient } from './api';
import { useOpsSession } from './OpsSession';

/** Operator sign-in: checked against the Orders host, kept in this tab's sessionStorage. */
export function OpsSignIn() {
  const { signIn } = useOpsSession();
  const [user, setUser] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const credentials = { user, password };
      signIn(credentials, await opsClient('orders', credentials).me());
    } catch (e) {
      setError(e instanceof ApiError ? e.summary : String(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <section className="card sign-in__card" aria-label="Operator sign-in">
        <h1 className="sign-in__title">Operations</h1>
        <p className="sign-in__lead">Failed messages of both hosts: find them, see why, retry them safely.</p>
        <form className="sign-in__form stack" onSubmit={(e) => void submit(e)}>
          <label className="field">
            <span className="field__label">Operator</span>
            <input
              className="field__input"
              value={user}
              onChange={(e) => setUser(e.target.value)}
              autoComplete="username"
              required
            />
          </label>
          <label className="field">
            <span className="field__label">Password</span>
            <input
              className="field__input"
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="current-password"
              required
            />
          </label>
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          <button className="button button--primary button--block" type="submit" disabled={busy}>
            Sign in
          </button>
        </form>
      </section>
    </main>
  );
}

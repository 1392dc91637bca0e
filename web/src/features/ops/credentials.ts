/** The operator's credentials for this tab only (sessionStorage): the operations API is stateless HTTP Basic. */

const KEY = 'payord.ops.credentials';

export interface Credentials {
  user: string;
  password: string;
}

export function savedCredentials(): Credentials | null {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    if (typeof parsed === 'object' && parsed !== null && 'user' in parsed && 'password' in parsed) {
      const { user, password } = parsed as Credentials;
      if (typeof user === 'string' && typeof password === 'string') return { user, password };
    }
  } catch {
    // Unreadable storage: sign in again.
  }
  return null;
}

export function saveCredentials(credentials: Credentials | null): void {
  try {
    if (credentials === null) sessionStorage.removeItem(KEY);
    else sessionStorage.setItem(KEY, JSON.stringify(credentials));
  } catch {
    // Storage may be unavailable; the session then lasts as long as the page.
  }
}

export function basicAuthorization({ user, password }: Credentials): string {
  const bytes = new TextEncoder().encode(`${user}:${password}`);
  let binary = '';
  bytes.forEach((b) => (binary += String.fromCharCode(b)));
  return `Basic ${btoa(binary)}`;
}

import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { opsClient, type OpsClient, type Service, type SignedInOperator } from './api';
import { saveCredentials, savedCredentials, type Credentials } from './credentials';

interface OpsSession {
  credentials: Credentials | null;
  operator: SignedInOperator | null;
  clients: Record<Service, OpsClient> | null;
  signIn(credentials: Credentials, operator: SignedInOperator): void;
  signOut(): void;
  setOperator(operator: SignedInOperator): void;
}

const Context = createContext<OpsSession | null>(null);

export function OpsSessionProvider({ children }: { children: ReactNode }) {
  const [credentials, setCredentials] = useState<Credentials | null>(savedCredentials);
  const [operator, setOperator] = useState<SignedInOperator | null>(null);
  const session = useMemo<OpsSession>(
    () => ({
      credentials,
      operator,
      clients: credentials
        ? { orders: opsClient('orders', credentials), payments: opsClient('payments', credentials) }
        : null,
      signIn(next, who) {
        saveCredentials(next);
        setCredentials(next);
        setOperator(who);
      },
      signOut() {
        saveCredentials(null);
        setCredentials(null);
        setOperator(null);
      },
      setOperator,
    }),
    [credentials, operator],
  );
  return <Context.Provider value={session}>{children}</Context.Provider>;
}

export function useOpsSession(): OpsSession {
  const session = useContext(Context);
  if (!session) throw new Error('useOpsSession outside OpsSessionProvider');
  return session;
}

/** The signed-in clients; only rendered below the sign-in gate. */
export function useOps(): { clients: Record<Service, OpsClient>; operator: SignedInOperator } {
  const { clients, operator } = useOpsSession();
  if (!clients || !operator) throw new Error('useOps before sign-in');
  return { clients, operator };
}

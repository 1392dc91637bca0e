import { useQuery } from '@tanstack/react-query';
import { useCallback, useEffect } from 'react';
import { Link, NavLink, Outlet } from 'react-router';
import { ApiError } from '../../api/problem';
import { JourneySearch } from '../journey/JourneySearch';
import { MonitoringCharts } from '../monitoring/MonitoringCharts';
import { Brand } from '../../lib/ui/Brand';
import { SERVICES, type Service } from './api';
import { useOps, useOpsSession } from './OpsSession';
import { OpsSignIn } from './OpsSignIn';
import './ops.css';

export const REFRESH_MS = 2000;

/** The Operations page's frame: sign-in gate, top bar, the counters of both hosts, then the chosen host. */
export function OpsLayout() {
  const session = useOpsSession();
  const { credentials, operator, clients, setOperator, signOut } = session;

  // Credentials from sessionStorage (a reload): check them once before showing anything.
  const me = useQuery({
    queryKey: ['ops', 'me', credentials?.user],
    queryFn: () => clients!.orders.me(),
    enabled: clients !== null && operator === null,
    retry: false,
  });
  useEffect(() => {
    if (me.data) setOperator(me.data);
    if (me.error instanceof ApiError && me.error.status === 401) signOut();
  }, [me.data, me.error, setOperator, signOut]);

  if (!credentials) return <OpsSignIn />;
  if (!operator) return <p className="ops-loading">Checking your sign-in…</p>;
  return <SignedIn />;
}

function SignedIn() {
  const { operator, clients } = useOps();
  const loadMonitoring = useCallback(
    () => Promise.all(SERVICES.map((service) => clients[service].monitoring())),
    [clients],
  );
  const { signOut } = useOpsSession();
  return (
    <>
      <header className="top-bar">
        <div className="top-bar__inner">
          <Brand />
          <nav className="top-bar__tools" aria-label="Sections">
            <Link to="/">Shop</Link>
            <Link to="/ops" aria-current="page">
              Operations
            </Link>
          </nav>
          <div className="top-bar__user">
            <span className="top-bar__user-id" data-testid="operator">
              {operator.name} ({operator.role})
            </span>
            <button type="button" className="button button--ghost button--small" onClick={signOut}>
              Sign out
            </button>
          </div>
        </div>
      </header>
      <main className="page">
        <h1 className="visually-hidden">Operations</h1>
        <section className="ops-hosts" aria-label="Hosts">
          {SERVICES.map((service) => (
            <HostCounters key={service} service={service} />
          ))}
        </section>
        <Outlet />
        <section className="card" aria-label="Journeys">
          <JourneySearch />
        </section>
        <section className="card" aria-label="Queues">
          <MonitoringCharts load={loadMonitoring} />
        </section>
      </main>
    </>
  );
}

function HostCounters({ service }: { service: Service }) {
  const { clients } = useOps();
  const overview = useQuery({
    queryKey: ['ops', service, 'overview'],
    queryFn: () => clients[service].overview(),
    refetchInterval: REFRESH_MS,
  });
  const o = overview.data;
  return (
    <NavLink to={`/ops/${service}`} className="card ops-host" data-testid={`counters-${service}`}>
      <h2 className="ops-host__name">{service}</h2>
      {overview.error ? (
        <p className="form-error">{overview.error.message}</p>
      ) : (
        <dl className="ops-counters">
          <Counter label="Failed" value={o?.deadLetters} testId={`${service}-dead-letters`} alert />
          <Counter label="Archived" value={o?.archived} />
          <Counter label="Pending retries" value={o?.pendingRetries} />
          <Counter label="Incoming" value={o?.incoming} />
          <Counter label="Outgoing" value={o?.outgoing} />
        </dl>
      )}
    </NavLink>
  );
}

function Counter({
  label,
  value,
  testId,
  alert,
}: {
  label: string;
  value: number | undefined;
  testId?: string;
  alert?: boolean;
}) {
  return (
    <div className={`ops-counter${alert && value ? ' ops-counter--alert' : ''}`}>
      <dt>{label}</dt>
      <dd data-testid={testId}>{value ?? '…'}</dd>
    </div>
  );
}

import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../api/client';
import { errorMessage } from '../../api/problem';
import type { Order } from '../../api/types';
import { connectOrdersHub, type OrdersHub } from '../orders-hub/ordersHub';
import { generatedUserIds, type SimulationRequest } from './config';
import { SimulationRun, type SimulationSnapshot } from './runner';
import type { SignedInHub } from '../orders-hub/useOrdersHub';

/** A connection a run places one user's orders over. */
type RunConnection = Pick<OrdersHub, 'createOrder' | 'ready'>;

export type SimulationPhase = 'idle' | 'preparing' | 'running' | 'finished';

/** How long the run waits for its hub connections before it gives up without sending anything. */
const CONNECT_TIMEOUT_MS = 15_000;
/** The snapshot is read at most this often while a run goes on. */
const RENDER_EVERY_MS = 120;

interface Session {
  cancelled: boolean;
  run?: SimulationRun;
}

async function prepareUsers(userIds: readonly string[], startingBalance: number): Promise<void> {
  await Promise.all(
    userIds.map(async (userId) => {
      await api.createAccount(userId);
      if (startingBalance > 0) await api.deposit(userId, startingBalance);
    }),
  );
}

/** Resolves once every hub is connected; rejects after CONNECT_TIMEOUT_MS. */
async function allConnected(hubs: readonly RunConnection[]): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error('Could not connect to the live updates hub; no order was sent.')),
      CONNECT_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([Promise.all(hubs.map((hub) => hub.ready())), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
/** Re-renders from the run's snapshot every RENDER_EVERY_MS (a timer, not an animation-frame loop, which would have
 * the page produce a frame 60 times a second for as long as the run goes on). */
function watch(run: SimulationRun, show: (snapshot: SimulationSnapshot) => void): () => void {
  const timer = setInterval(() => show(run.snapshot()), RENDER_EVERY_MS);
  return () => clearInterval(timer);
}

/**
 * Runs simulations for the signed-in user or for freshly generated users (accounts and deposits
 * made over REST first). Orders go out as `CreateOrder` invocations over hub WebSockets, so the
 * browser's limit of 6 HTTP connections per origin never holds them back, and their `orderUpdated`
 * pushes come back the same way: the signed-in user's over the page's own connection, each generated
 * user's over a connection of its own, opened before the clock starts and closed after the run.
 */
export function useSimulation(userId: string, signedInHub: SignedInHub) {
  const [phase, setPhase] = useState<SimulationPhase>('idle');
  const [snapshot, setSnapshot] = useState<SimulationSnapshot | null>(null);
  const [users, setUsers] = useState<readonly string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const active = useRef<Session | null>(null);

  const start = useCallback(
    async ({ count, concurrency, amount, target }: SimulationRequest) => {
      if (active.current) return;
      const session: Session = { cancelled: false };
      active.current = session;
      const cleanups: (() => unknown)[] = [];
      const observe = (order: Order) => session.run?.observe(order);
      setError(null);
      setSnapshot(null);
      try {
        setPhase('preparing');
        let userIds: readonly string[] = [userId];
        if (target.kind === 'generated') {
          userIds = generatedUserIds(target.users);
          setUsers(userIds);
          await prepareUsers(userIds, target.startingBalance);
        } else {
          setUsers(userIds);
        }
        if (session.cancelled) return;
        const hubs = new Map<string, RunConnection>();
        if (target.kind === 'generated') {
          for (const id of userIds) {
            const hub = connectOrdersHub(id, { onOrder: observe });
            cleanups.push(() => hub.stop());
            hubs.set(id, hub);
          }
        } else {
          // The page's own connection already hears this user's events: a second one would have every push sent,
          // relayed and parsed twice.
          cleanups.push(signedInHub.subscribe(observe));
          hubs.set(userId, signedInHub);
        }
        await allConnected([...hubs.values()]);
        if (session.cancelled) return;

        const run = new SimulationRun(
          { count, concurrency, amount, userIds },
          {
            createOrder: (id, order, idempotencyKey) => hubs.get(id)!.createOrder(order, idempotencyKey),
            getOrder: api.getOrder,
          },
        );
        session.run = run;
        setPhase('running');
        cleanups.push(watch(run, setSnapshot));
        await run.start();
        setSnapshot(run.snapshot());
      } catch (failure) {
        setError(errorMessage(failure));
      } finally {
        cleanups.forEach((cleanup) => void cleanup());
        active.current = null;
        setPhase('finished');
      }
    },
    [userId, signedInHub],
  );

  const stop = useCallback(() => {
    const session = active.current;
    if (!session) return;
    session.cancelled = true;
    session.run?.stop();
  }, []);

  useEffect(() => stop, [stop]);

  return { phase, snapshot, users, error, start, stop };
}

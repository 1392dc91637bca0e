import { useCallback, useEffect, useRef, useState } from 'react';
import { api } from '../../../api/client';
import { errorMessage } from '../../../api/problem';
import { connectOrdersHub } from '../hub/ordersHub';
import { generatedUserIds, type SimulationRequest } from '../sim/config';
import { SimulationRun, type SimulationSnapshot } from '../sim/runner';
import type { OrderListener } from './useOrdersHub';

export type SimulationPhase = 'idle' | 'preparing' | 'running' | 'finished';

/** How long to wait for generated users' hub connections; the REST poll covers the rest. */
const HUB_WAIT_MS = 5000;
/** The snapshot is read at most this often while a run goes on. */
const RENDER_EVERY_MS = 120;

interface Session {
  cancelled: boolean;
  run?: SimulationRun;
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function prepareUsers(userIds: readonly string[], startingBalance: number): Promise<void> {
  await Promise.all(
    userIds.map(async (userId) => {
      await api.createAccount(userId);
      if (startingBalance > 0) await api.deposit(userId, startingBalance);
    }),
  );
}

/** Re-renders from the run's snapshot once per animation frame at most every RENDER_EVERY_MS. */
function watch(run: SimulationRun, show: (snapshot: SimulationSnapshot) => void): () => void {
  let frame = 0;
  let last = 0;
  const loop = (time: number) => {
    if (time - last >= RENDER_EVERY_MS) {
      last = time;
      show(run.snapshot());
    }
    frame = requestAnimationFrame(loop);
  };
  frame = requestAnimationFrame(loop);
  return () => cancelAnimationFrame(frame);
}

/**
 * Runs simulations: for the signed-in user (events from its hub connection), or for freshly
 * generated users (accounts and deposits made over REST first, one hub connection each).
 */
export function useSimulation(userId: string, subscribe: (listener: OrderListener) => () => void) {
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
      const observe: OrderListener = (order) => session.run?.observe(order);
      setError(null);
      setSnapshot(null);
      try {
        let userIds: readonly string[] = [userId];
        if (target.kind === 'generated') {
          setPhase('preparing');
          userIds = generatedUserIds(target.users);
          setUsers(userIds);
          await prepareUsers(userIds, target.startingBalance);
          const hubs = userIds.map((id) => connectOrdersHub(id, { onOrder: observe }));
          cleanups.push(() => Promise.all(hubs.map((hub) => hub.stop())));
          await Promise.race([Promise.all(hubs.map((hub) => hub.ready())), wait(HUB_WAIT_MS)]);
        } else {
          setUsers(userIds);
          cleanups.push(subscribe(observe));
        }
        if (session.cancelled) return;

        const run = new SimulationRun(
          { count, concurrency, amount, userIds },
          { createOrder: api.createOrder, getOrder: api.getOrder },
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
    [userId, subscribe],
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

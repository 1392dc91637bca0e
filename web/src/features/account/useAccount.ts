import { useCallback, useMemo, useRef, useState } from 'react';
import { api } from '../../api/client';
import type { Account } from '../../api/types';
import { coalesce } from '../../lib/coalesce';

/**
 * The user's account. Reads and deposits may overlap; an answer is shown only if no request
 * started after it has been shown already, so an old balance never overwrites a newer one.
 */
export function useAccount(initial: Account) {
  const { userId } = initial;
  const [account, setAccount] = useState(initial);
  const [stale, setStale] = useState(false);
  const sequence = useRef({ started: 0, shown: 0 });

  const track = useCallback(async (request: () => Promise<Account>) => {
    const ticket = ++sequence.current.started;
    const result = await request();
    if (ticket > sequence.current.shown) {
      sequence.current.shown = ticket;
      setAccount(result);
    }
    return result;
  }, []);

  /** Re-reads the balance; bursts of calls collapse into a few reads. */
  const refresh = useMemo(
    () =>
      coalesce(async () => {
        try {
          await track(() => api.getAccount(userId));
          setStale(false);
        } catch {
          setStale(true);
        }
      }, 250),
    [userId, track],
  );

  /** Deposits; rejects with the ApiError for the form to show. */
  const deposit = useCallback((amount: number) => track(() => api.deposit(userId, amount)), [userId, track]);

  return { account, stale, refresh, deposit };
}

import { useCallback, useEffect, useMemo } from 'react';
import type { Account, NewOrder } from '../../api/types';
import { useAccount } from '../account/useAccount';
import { useOrders } from '../orders/useOrders';
import { useOrdersHub } from '../orders-hub/useOrdersHub';
import { AccountCard } from '../account/AccountCard';
import { NewOrderCard } from '../orders/NewOrderCard';
import { OrdersPanel } from '../orders/OrdersPanel';
import { SimulationPanel } from '../simulation/SimulationPanel';
import { TopBar } from './TopBar';

interface DashboardProps {
  account: Account;
  onSwitchUser(): void;
}

/** Everything one signed-in user sees; remounted (fresh state) when the user changes. */
export function Dashboard({ account: initialAccount, onSwitchUser }: DashboardProps) {
  const userId = initialAccount.userId;
  const account = useAccount(initialAccount);
  // When one of the user's orders settles, its charge (or not) shows in the balance.
  const orders = useOrders(userId, account.refresh);
  const { reload } = orders;
  const resync = useCallback(() => {
    void reload();
    account.refresh();
  }, [reload, account.refresh]);
  const hub = useOrdersHub(userId, resync);

  const { subscribe, createOrder, ready } = hub;
  const { push } = orders;
  useEffect(() => subscribe(push), [subscribe, push]);
  // The same object across renders, so a simulation's start does not change with the connection's state.
  const simulationHub = useMemo(() => ({ subscribe, createOrder, ready }), [subscribe, createOrder, ready]);

  const placeOrder = useCallback(
    async (order: NewOrder, idempotencyKey: string) => {
      const created = await createOrder(order, idempotencyKey);
      push(created);
      return created;
    },
    [createOrder, push],
  );

  return (
    <>
      <TopBar userId={userId} connection={hub.state} onSwitchUser={onSwitchUser} />
      <main className="dashboard">
        <h1 className="visually-hidden">Shop of {userId}</h1>
        <div className="dashboard__side">
          <AccountCard account={account.account} stale={account.stale} onDeposit={account.deposit} />
          <NewOrderCard connected={hub.state === 'connected'} onCreate={placeOrder} />
        </div>
        <OrdersPanel orders={orders.orders} load={orders.load} onRetry={() => void reload()} />
        <SimulationPanel userId={userId} hub={simulationHub} />
      </main>
    </>
  );
}

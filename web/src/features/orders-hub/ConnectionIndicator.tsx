import type { ConnectionState } from './ordersHub';
import './connection.css';

const LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Live',
  reconnecting: 'Reconnecting…',
  disconnected: 'Offline',
};

const TITLES: Record<ConnectionState, string> = {
  connecting: 'Opening the live connection to the orders hub',
  connected: 'Order updates arrive live from the orders hub',
  reconnecting: 'The live connection dropped; retrying. Orders and balance are re-read once it is back.',
  disconnected: 'No live connection to the orders hub',
};

export function ConnectionIndicator({ state }: { state: ConnectionState }) {
  return (
    <span className={`connection connection--${state}`} role="status" title={TITLES[state]} data-state={state}>
      <span className="connection__dot" aria-hidden="true" />
      {LABELS[state]}
    </span>
  );
}

import { Link } from 'react-router';
import type { ConnectionState } from '../orders-hub/ordersHub';
import { Brand } from '../../lib/ui/Brand';
import { ConnectionIndicator } from '../orders-hub/ConnectionIndicator';

const TOOLS = [
  { href: 'http://localhost:15672', label: 'RabbitMQ', title: 'RabbitMQ management UI (queues, exchanges, messages)' },
  { href: 'http://localhost:8080', label: 'Traefik', title: 'Traefik dashboard (only under Docker Compose)' },
];

interface TopBarProps {
  userId: string;
  connection: ConnectionState;
  onSwitchUser(): void;
}

export function TopBar({ userId, connection, onSwitchUser }: TopBarProps) {
  return (
    <header className="top-bar">
      <div className="top-bar__inner">
        <Brand />
        <ConnectionIndicator state={connection} />
        <nav className="top-bar__tools" aria-label="Sections">
          <Link to="/ops" title="Failed messages of both hosts: find, explain, retry">
            Operations
          </Link>
          <Link to="/api-docs" title="The REST references of both hosts and the messages on RabbitMQ and the hub">
            API
          </Link>
        </nav>
        <nav className="top-bar__tools" aria-label="Infrastructure">
          {TOOLS.map((tool) => (
            <a key={tool.href} href={tool.href} target="_blank" rel="noreferrer" title={tool.title}>
              {tool.label}
              <span aria-hidden="true"> ↗</span>
            </a>
          ))}
        </nav>
        <div className="top-bar__user">
          <span className="avatar" aria-hidden="true">
            {userId.slice(0, 1).toUpperCase()}
          </span>
          <span className="top-bar__user-id" data-testid="current-user" title={userId}>
            {userId}
          </span>
          <button type="button" className="button button--ghost button--small" onClick={onSwitchUser}>
            Switch user
          </button>
        </div>
      </div>
    </header>
  );
}

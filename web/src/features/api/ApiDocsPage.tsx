import { Link } from 'react-router';
import { Brand } from '../../lib/ui/Brand';
import { ApiPage } from './ApiPage';

/** The "API" section: the REST references of both hosts and the messages that cross RabbitMQ and the hub. */
export function ApiDocsPage() {
  return (
    <>
      <header className="top-bar">
        <div className="top-bar__inner">
          <Brand />
          <nav className="top-bar__tools" aria-label="Sections">
            <Link to="/">Shop</Link>
            <Link to="/ops">Operations</Link>
            <Link to="/api-docs" aria-current="page">
              API
            </Link>
          </nav>
        </div>
      </header>
      <main className="page">
        <h1 className="visually-hidden">API</h1>
        <ApiPage />
      </main>
    </>
  );
}

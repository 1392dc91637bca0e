import bundledDocument from '../../../../docs/asyncapi.json';
import { channelsOf, messagesOf, type AsyncApiDocument, type SchemaRow } from './asyncapi';
import './api.css';

export interface ApiHost {
  /** Shown in the link, e.g. "Orders". */
  name: string;
  /** Where the host itself answers: its API reference is `${baseUrl}/scalar/v1`, its OpenAPI document `${baseUrl}/openapi/v1.json`. */
  baseUrl: string;
}

export interface ApiPageProps {
  /** The AsyncAPI document to show. Default: the repository's docs/asyncapi.json, bundled at build time. */
  document?: AsyncApiDocument;
  /** The hosts whose REST API references are linked. Default: both hosts as scripts/run-local.sh runs them. */
  hosts?: ApiHost[];
}

export const DEFAULT_HOSTS: ApiHost[] = [
  { name: 'Orders', baseUrl: 'http://localhost:5101' },
  { name: 'Payments', baseUrl: 'http://localhost:5102' },
];

/**
 * The "API" page: links to each host's REST API reference (Scalar) and OpenAPI document, and the messages that
 * cross RabbitMQ and the SignalR hub, read from the AsyncAPI document. Self-contained: no data fetching, no routing.
 */
export function ApiPage({ document = bundledDocument as AsyncApiDocument, hosts = DEFAULT_HOSTS }: ApiPageProps) {
  const channels = channelsOf(document);
  const messages = messagesOf(document);
  return (
    <div className="api-page stack">
      <section className="card" aria-labelledby="api-rest">
        <div className="card__header">
          <h2 id="api-rest">REST API</h2>
        </div>
        <p className="muted">
          Each host serves its own interactive reference and OpenAPI 3.1 document (import it into Postman: every request
          has an example the API accepts). The hosts answer these directly when run with{' '}
          <code>scripts/run-local.sh</code>; behind the gateway they are internal.
        </p>
        <ul className="api-page__hosts">
          {hosts.map((host) => (
            <li key={host.name}>
              <a href={`${host.baseUrl}/scalar/v1`} target="_blank" rel="noreferrer">
                {host.name} API reference (Scalar)<span aria-hidden="true"> ↗</span>
              </a>
              <a
                className="api-page__secondary"
                href={`${host.baseUrl}/openapi/v1.json`}
                target="_blank"
                rel="noreferrer"
              >
                OpenAPI JSON
              </a>
            </li>
          ))}
        </ul>
      </section>

      <section className="card" aria-labelledby="api-messages">
        <div className="card__header">
          <h2 id="api-messages">{document.info.title}</h2>
          <span className="api-page__tag">AsyncAPI {document.asyncapi}</span>
        </div>
        {document.info.description && (
          <p className="muted">
            <Prose text={document.info.description} />
          </p>
        )}
      </section>

      <section aria-labelledby="api-channels" className="stack">
        <h2 id="api-channels">Channels</h2>
        <div className="api-page__grid">
          {channels.map((channel) => (
            <article key={channel.id} className="card api-channel" data-testid={`channel-${channel.id}`}>
              <h3>
                <code>{channel.address}</code>
              </h3>
              <p className="api-page__kind">{channel.kind}</p>
              {channel.description && (
                <p>
                  <Prose text={channel.description} />
                </p>
              )}
              <ul className="api-channel__operations">
                {channel.operations.map((operation) => (
                  <li key={operation.id}>
                    <span className={`api-page__action api-page__action--${operation.action}`}>{operation.action}</span>{' '}
                    <Prose text={operation.summary ?? operation.id} />
                    {operation.replyTitles.length > 0 && <> Replies: {operation.replyTitles.join(', ')}</>}
                  </li>
                ))}
              </ul>
              <p className="api-channel__messages">
                {channel.messages.map((message) => (
                  <a key={message.id} href={`#message-${message.id}`} className="api-page__chip">
                    {message.title}
                  </a>
                ))}
              </p>
            </article>
          ))}
        </div>
      </section>

      <section aria-labelledby="api-message-list" className="stack">
        <h2 id="api-message-list">Messages</h2>
        {messages.map((message) => (
          <article
            key={message.id}
            id={`message-${message.id}`}
            className="card api-message"
            aria-labelledby={`message-title-${message.id}`}
          >
            <div className="card__header">
              <h3 id={`message-title-${message.id}`}>{message.title}</h3>
              {message.wireName !== message.title && (
                <code className="api-message__wire" title="The name on the wire">
                  {message.wireName}
                </code>
              )}
              {message.contentType && <span className="api-page__tag">{message.contentType}</span>}
            </div>
            {message.summary && (
              <p>
                <Prose text={message.summary} />
              </p>
            )}
            {message.description && (
              <p className="muted">
                <Prose text={message.description} />
              </p>
            )}
            <SchemaTable caption="Payload" rows={message.payload} />
            {message.headers.length > 0 && <SchemaTable caption="Properties and headers" rows={message.headers} />}
          </article>
        ))}
      </section>
    </div>
  );
}

function SchemaTable({ caption, rows }: { caption: string; rows: SchemaRow[] }) {
  return (
    <div className="api-schema">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col">Type</th>
            <th scope="col">Rules</th>
            <th scope="col">Description</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.name}>
              <th scope="row">
                <code>{row.name}</code>
                {row.required ? (
                  <span className="api-schema__required" title="always present / required">
                    {' '}
                    *
                  </span>
                ) : null}
              </th>
              <td>{row.type}</td>
              <td>{row.constraints.join('; ')}</td>
              <td>{row.description && <Prose text={row.description} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Text whose `backticked` parts are code, as the document writes them. */
export function Prose({ text }: { text: string }) {
  return <>{text.split(/`([^`]+)`/).map((part, i) => (i % 2 === 1 ? <code key={i}>{part}</code> : part))}</>;
}

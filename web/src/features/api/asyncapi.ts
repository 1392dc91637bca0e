// A readable view of an AsyncAPI 3.0 document: channels with who sends and receives on them, messages with
// their headers and payload as property tables. Only what docs/asyncapi.json uses is modelled.

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  description?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  $ref?: string;
}

interface Ref {
  $ref: string;
}

export interface AsyncApiMessage {
  name?: string;
  title?: string;
  summary?: string;
  description?: string;
  contentType?: string;
  headers?: JsonSchema;
  payload?: JsonSchema;
}

interface AsyncApiChannel {
  address?: string | null;
  title?: string;
  description?: string;
  messages?: Record<string, AsyncApiMessage | Ref>;
  bindings?: {
    amqp?: {
      is?: 'queue' | 'routingKey';
      queue?: { durable?: boolean; exclusive?: boolean; autoDelete?: boolean };
      exchange?: { type?: string; durable?: boolean };
    };
    ws?: unknown;
  };
}

interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: Ref;
  summary?: string;
  messages?: Ref[];
  reply?: { messages?: Ref[] };
}

export interface AsyncApiDocument {
  asyncapi: string;
  info: { title: string; version: string; description?: string };
  channels?: Record<string, AsyncApiChannel>;
  operations?: Record<string, AsyncApiOperation>;
  components?: { messages?: Record<string, AsyncApiMessage> };
}

export interface ChannelView {
  id: string;
  address: string;
  kind: string;
  description?: string;
  messages: { id: string; title: string }[];
  operations: { id: string; action: 'send' | 'receive'; summary?: string; replyTitles: string[] }[];
}

export interface MessageView {
  id: string;
  title: string;
  wireName: string;
  summary?: string;
  description?: string;
  contentType?: string;
  headers: SchemaRow[];
  payload: SchemaRow[];
}

export interface SchemaRow {
  /** Dotted path for nested properties, e.g. `order.status`. */
  name: string;
  required: boolean;
  type: string;
  constraints: string[];
  description?: string;
}

/** Follows a local reference such as `#/components/messages/PaymentRequested`. */
export function resolve<T>(document: AsyncApiDocument, value: T | Ref): T {
  let current: unknown = value;
  for (let hops = 0; isRef(current); hops++) {
    if (hops > 16) throw new Error('Reference cycle');
    current = current.$ref
      .replace(/^#\//, '')
      .split('/')
      .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
      .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], document);
    if (current === undefined) throw new Error(`Unresolved reference ${(value as Ref).$ref}`);
  }
  return current as T;
}

function isRef(value: unknown): value is Ref {
  return typeof value === 'object' && value !== null && typeof (value as Ref).$ref === 'string';
}

/** The last segment of a reference: the id of what it points at. */
const refId = (ref: Ref) => ref.$ref.split('/').at(-1) ?? ref.$ref;

function kindOf(channel: AsyncApiChannel): string {
  const amqp = channel.bindings?.amqp;
  if (amqp?.is === 'queue') {
    const q = amqp.queue ?? {};
    const flags = [q.durable ? 'durable' : 'not durable', q.exclusive && 'exclusive', q.autoDelete && 'auto-delete'];
    return `RabbitMQ queue (${flags.filter(Boolean).join(', ')})`;
  }
  if (amqp?.is === 'routingKey') return `RabbitMQ ${amqp.exchange?.type ?? ''} exchange`.replace('  ', ' ');
  if (channel.bindings?.ws) return 'SignalR hub';
  return 'channel';
}

export function channelsOf(document: AsyncApiDocument): ChannelView[] {
  const operations = Object.entries(document.operations ?? {});
  return Object.entries(document.channels ?? {}).map(([id, channel]) => ({
    id,
    address: channel.address ?? id,
    kind: kindOf(channel),
    description: channel.description,
    messages: Object.entries(channel.messages ?? {}).map(([messageId, message]) => ({
      id: messageId,
      title: titleOf(messageId, resolve(document, message)),
    })),
    operations: operations
      .filter(([, operation]) => refId(operation.channel) === id)
      .map(([operationId, operation]) => ({
        id: operationId,
        action: operation.action,
        summary: operation.summary,
        replyTitles: (operation.reply?.messages ?? []).map((ref) =>
          titleOf(refId(ref), resolve<AsyncApiMessage>(document, ref)),
        ),
      })),
  }));
}

const titleOf = (id: string, message: AsyncApiMessage) => message.title ?? message.name ?? id;

export function messagesOf(document: AsyncApiDocument): MessageView[] {
  return Object.entries(document.components?.messages ?? {}).map(([id, message]) => ({
    id,
    title: titleOf(id, message),
    wireName: message.name ?? id,
    summary: message.summary,
    description: message.description,
    contentType: message.contentType,
    headers: message.headers ? schemaRows(document, message.headers) : [],
    payload: message.payload ? schemaRows(document, message.payload) : [],
  }));
}

/** The properties of an object schema as rows, nested objects flattened with dotted names. */
export function schemaRows(document: AsyncApiDocument, schema: JsonSchema, prefix = ''): SchemaRow[] {
  const resolved = resolve<JsonSchema>(document, schema);
  const required = new Set(resolved.required ?? []);
  return Object.entries(resolved.properties ?? {}).flatMap(([name, property]) => {
    const p = resolve<JsonSchema>(document, property);
    const row: SchemaRow = {
      name: prefix + name,
      required: required.has(name),
      type: typeText(p),
      constraints: constraintsOf(p),
      description: p.description,
    };
    return p.properties ? [row, ...schemaRows(document, p, `${prefix}${name}.`)] : [row];
  });
}

function typeText(schema: JsonSchema): string {
  const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? schema.type : [schema.type];
  const nullable = types.includes('null') || (schema.enum?.includes(null) ?? false);
  let main = types.filter((t) => t !== 'null').join(' | ');
  if (!main && schema.enum) main = typeof schema.enum.find((v) => v !== null) === 'number' ? 'integer' : 'string';
  if (main === 'array' && schema.items) main = `array of ${typeText(schema.items)}`;
  if (schema.format) main = `${main || 'string'} (${schema.format})`;
  return (main || 'any') + (nullable ? ' or null' : '');
}

function constraintsOf(schema: JsonSchema): string[] {
  const c: string[] = [];
  if (schema.const !== undefined) c.push(`always ${JSON.stringify(schema.const)}`);
  const values = schema.enum?.filter((v) => v !== null);
  if (values?.length) c.push(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`);
  if (schema.exclusiveMinimum !== undefined) c.push(`> ${schema.exclusiveMinimum}`);
  if (schema.minimum !== undefined) c.push(`≥ ${schema.minimum}`);
  if (schema.exclusiveMaximum !== undefined) c.push(`< ${schema.exclusiveMaximum}`);
  if (schema.maximum !== undefined) c.push(`≤ ${schema.maximum}`);
  if (schema.multipleOf !== undefined) c.push(`multiple of ${schema.multipleOf}`);
  if (schema.minLength !== undefined && schema.maxLength !== undefined)
    c.push(`${schema.minLength}–${schema.maxLength} characters`);
  else if (schema.maxLength !== undefined) c.push(`at most ${schema.maxLength} characters`);
  else if (schema.minLength !== undefined) c.push(`at least ${schema.minLength} characters`);
  if (schema.pattern) c.push(`matches ${schema.pattern}`);
  if (schema.default !== undefined) c.push(`default ${JSON.stringify(schema.default)}`);
  return c;
}

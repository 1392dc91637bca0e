// docs/asyncapi.json (generated from the code by a .NET unit test, which also fails when it is stale) is a valid
// AsyncAPI 3.0 document by the official parser, with no warning, and describes what the system uses: the three
// RabbitMQ names, the per-replica queues, the hub, and every message with a payload schema.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { Parser } from '@asyncapi/parser';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const text = readFileSync(join(repoRoot, 'docs', 'asyncapi.json'), 'utf8');

// 0 error, 1 warning, 2 info, 3 hint (Spectral's severities).
const parsed = await new Parser().parse(text);
const { document } = parsed;

describe('AsyncAPI document (docs/asyncapi.json)', () => {
  it('parses as AsyncAPI 3.0 with no error and no warning', () => {
    const problems = parsed.diagnostics.filter((d) => d.severity <= 1).map((d) => `${d.code}: ${d.message} at ${d.path.join('.')}`);
    assert.deepEqual(problems, []);
    assert.ok(document, 'no document');
    assert.equal(document.version(), '3.0.0');
  });

  it('has the RabbitMQ queues and exchange as the RabbitMQ UI shows them, and the hub', () => {
    const addresses = document.channels().all().map((channel) => channel.address()).sort();
    assert.deepEqual(addresses, ['/hubs/orders', 'orders.order-status', 'orders.order-status.{replica}', 'orders.payment-results', 'payments.payment-requests',
      '{service}.warm-up.{replica}']);
    const exchange = document.channels().all().find((channel) => channel.address() === 'orders.order-status');
    assert.equal(exchange.bindings().get('amqp').value().exchange.type, 'fanout');
  });

  it('names each bus message as Wolverine does on the wire, with a payload schema and the envelope headers', () => {
    const bus = document.allMessages().all().filter((message) => message.name().startsWith('HsePayord.'));
    assert.deepEqual(bus.map((m) => m.name()).sort(), [
      'HsePayord.BuildingBlocks.Messaging.WarmUpPing',
      'HsePayord.Modules.Orders.Contracts.OrderStatusChanged',
      'HsePayord.Modules.Orders.Contracts.PaymentRequested',
      'HsePayord.Modules.Payments.Contracts.PaymentFailed',
      'HsePayord.Modules.Payments.Contracts.PaymentSucceeded',
    ]);
    for (const message of bus) {
      assert.equal(message.payload().type(), 'object', message.name());
      // Every message between the modules is about an order; the warm-up ping is about nothing.
      const key = message.name().includes('.Contracts.') ? 'orderId' : 'id';
      assert.ok(Object.keys(message.payload().properties()).includes(key), message.name());
      const headers = Object.keys(message.headers().properties());
      for (const header of ['message_id', 'correlation_id', 'conversation-id', 'type']) assert.ok(headers.includes(header), `${message.name()}: ${header}`);
      assert.equal(message.bindings().get('amqp').value().messageType, message.name());
    }
  });

  it('describes the hub event orderUpdated and the method CreateOrder with its reply', () => {
    const names = document.allMessages().all().map((message) => message.name());
    for (const name of ['orderUpdated', 'CreateOrder', 'CreateOrderResult']) assert.ok(names.includes(name), name);
    const invoke = document.operations().all().find((operation) => operation.id() === 'hubReceivesCreateOrder');
    assert.ok(invoke.reply(), 'CreateOrder has a reply');
  });

  it('has an operation for every message, and every operation names its channel', () => {
    const sent = new Set(document.operations().all().flatMap((operation) => operation.messages().all().map((m) => m.name())));
    for (const message of document.allMessages().all()) {
      if (message.name() === 'CreateOrderResult') continue; // a reply, not an operation of its own
      assert.ok(sent.has(message.name()), message.name());
    }
    for (const operation of document.operations().all()) assert.ok(operation.channels().length > 0, operation.id());
  });
});

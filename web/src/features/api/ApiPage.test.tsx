// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiPage } from './ApiPage';
import { channelsOf, messagesOf, schemaRows, type AsyncApiDocument } from './asyncapi';

afterEach(cleanup);

const tiny: AsyncApiDocument = {
  asyncapi: '3.0.0',
  info: { title: 'Tiny', version: '1' },
  channels: {
    requests: {
      address: 'payments.payment-requests',
      messages: { Ping: { $ref: '#/components/messages/Ping' } },
      bindings: { amqp: { is: 'queue', queue: { durable: true, exclusive: false, autoDelete: false } } },
    },
    status: {
      address: 'orders.order-status',
      messages: {},
      bindings: { amqp: { is: 'routingKey', exchange: { type: 'fanout' } } },
    },
  },
  operations: {
    sendPing: { action: 'send', channel: { $ref: '#/channels/requests' }, summary: 'Sends pings', messages: [] },
  },
  components: {
    messages: {
      Ping: {
        name: 'Wire.Ping',
        title: 'Ping',
        payload: {
          type: 'object',
          required: ['amount'],
          properties: {
            amount: { type: 'number', exclusiveMinimum: 0, maximum: 1000000, multipleOf: 0.01 },
            note: { type: ['string', 'null'], maxLength: 200 },
            status: { enum: ['Paid', 'PaymentFailed', null] },
            inner: { type: 'object', properties: { id: { type: 'string', format: 'uuid' } } },
          },
        },
      },
    },
  },
};

describe('asyncapi view model', () => {
  it('tells queues from exchanges and lists who sends on a channel', () => {
    const [requests, status] = channelsOf(tiny);
    expect(requests?.kind).toBe('RabbitMQ queue (durable)');
    expect(requests?.messages).toEqual([{ id: 'Ping', title: 'Ping' }]);
    expect(requests?.operations.map((o) => [o.action, o.summary])).toEqual([['send', 'Sends pings']]);
    expect(status?.kind).toBe('RabbitMQ fanout exchange');
  });

  it('states types, nullability and rules of each payload field, nested ones with dotted names', () => {
    const rows = schemaRows(tiny, tiny.components!.messages!.Ping!.payload!);
    expect(rows).toEqual([
      {
        name: 'amount',
        required: true,
        type: 'number',
        constraints: ['> 0', '≤ 1000000', 'multiple of 0.01'],
        description: undefined,
      },
      {
        name: 'note',
        required: false,
        type: 'string or null',
        constraints: ['at most 200 characters'],
        description: undefined,
      },
      {
        name: 'status',
        required: false,
        type: 'string or null',
        constraints: ['one of "Paid", "PaymentFailed"'],
        description: undefined,
      },
      { name: 'inner', required: false, type: 'object', constraints: [], description: undefined },
      { name: 'inner.id', required: false, type: 'string (uuid)', constraints: [], description: undefined },
    ]);
  });

  it('names a message as on the wire', () => {
    expect(messagesOf(tiny).map((m) => [m.title, m.wireName])).toEqual([['Ping', 'Wire.Ping']]);
  });
});

describe('ApiPage', () => {
  it('links each host’s Scalar reference and OpenAPI document', () => {
    render(<ApiPage document={tiny} hosts={[{ name: 'Orders', baseUrl: 'http://orders.test' }]} />);
    expect(screen.getByRole('link', { name: /Orders API reference \(Scalar\)/ }).getAttribute('href')).toBe(
      'http://orders.test/scalar/v1',
    );
    expect(screen.getByRole('link', { name: 'OpenAPI JSON' }).getAttribute('href')).toBe(
      'http://orders.test/openapi/v1.json',
    );
  });

  it('shows the system’s document by default: the queues, the fanout exchange, the hub and every message', () => {
    render(<ApiPage />);
    for (const address of [
      'payments.payment-requests',
      'orders.payment-results',
      'orders.order-status',
      '{service}.warm-up.{replica}',
      '/hubs/orders',
    ]) {
      expect(screen.getAllByText(address).length).toBeGreaterThan(0);
    }
    expect(within(screen.getByTestId('channel-orderStatus')).getByText('RabbitMQ fanout exchange')).toBeTruthy();
    const wireNames = screen.getAllByTitle('The name on the wire').map((element) => element.textContent);
    expect(wireNames).toEqual([
      'HsePayord.Modules.Orders.Contracts.PaymentRequested',
      'HsePayord.Modules.Payments.Contracts.PaymentSucceeded',
      'HsePayord.Modules.Payments.Contracts.PaymentFailed',
      'HsePayord.Modules.Orders.Contracts.OrderStatusChanged',
      'HsePayord.BuildingBlocks.Messaging.WarmUpPing',
    ]);
    const createOrder = screen.getByRole('article', { name: 'CreateOrder' });
    const amount = within(createOrder)
      .getAllByRole('row')
      .find((row) => row.textContent?.startsWith('amount'));
    expect(amount?.textContent).toContain('> 0; ≤ 1000000; multiple of 0.01');
    expect(screen.getByRole('article', { name: 'orderUpdated' })).toBeTruthy();
  });
});

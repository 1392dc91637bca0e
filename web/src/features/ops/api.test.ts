import { describe, expect, it } from 'vitest';
import { isService, rabbitQueueUrl, shortType } from './api';
import { basicAuthorization } from './credentials';

describe('operations client helpers', () => {
  it('encodes Basic credentials as UTF-8', () => {
    expect(basicAuthorization({ user: 'operator', password: 'operator' })).toBe('Basic b3BlcmF0b3I6b3BlcmF0b3I=');
    expect(basicAuthorization({ user: 'ö', password: 'p:w' })).toBe(`Basic ${btoa('\u00c3\u00b6:p:w')}`);
  });

  it('links a queue to the RabbitMQ management UI, default vhost included', () => {
    expect(rabbitQueueUrl('/', 'payments.payment-requests')).toBe(
      'http://localhost:15672/#/queues/%2F/payments.payment-requests',
    );
    expect(rabbitQueueUrl('payord_ops', 'orders.payment-results')).toBe(
      'http://localhost:15672/#/queues/payord_ops/orders.payment-results',
    );
  });

  it('shows the short name of a message type and knows the two hosts', () => {
    expect(shortType('HsePayord.Modules.Orders.Contracts.PaymentRequested')).toBe('PaymentRequested');
    expect(shortType(null)).toBe('—');
    expect(isService('orders')).toBe(true);
    expect(isService('shipping')).toBe(false);
  });
});

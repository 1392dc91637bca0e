// A published host reports ready only once the broker channels its first messages need are open. Wolverine opens
// a sender's channel on its first send and marks the sender connected only after that: a second send in between
// failed ("is disconnected") and waited for the outbox's recovery, so the first orders after a start, which come in
// bursts, were late. The warm-up (MessagingWarmUp) opens them before ready. Each host is started in a vhost of its
// own and nothing but its warm-up ping is sent to it; RabbitMQ then lists one channel per listener and one per
// endpoint it sends to.
// Needs PostgreSQL and RabbitMQ running (scripts/test.sh starts them before this suite).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withReadyHost } from '../lib/published-host.mjs';

// What each host listens to and sends to over RabbitMQ (OrdersMessaging, PaymentsMessaging).
// Each host also sends its warm-up ping to a queue of its own replica and listens to it (MessagingWarmUp).
const topology = {
  orders: {
    listeners: ['orders.payment-results', 'its replica queue of order-status changes', 'its replica queue of warm-up pings'],
    sends: ['payments.payment-requests', 'the orders.order-status exchange', 'its replica queue of warm-up pings'],
  },
  payments: {
    listeners: ['payments.payment-requests', 'its replica queue of warm-up pings'],
    sends: ['orders.payment-results', 'its replica queue of warm-up pings'],
  },
};

describe('a published host opens its broker channels before it reports ready', () => {
  for (const [name, { listeners, sends }] of Object.entries(topology)) {
    it(`the ${name} host has a channel for each listener (${listeners.length}) and destination (${sends.length}) once ready`, async () => {
      // rabbitmqctl answers from the broker itself (the management API's figures lag by seconds). Wolverine names its
      // connections "Wolverine"; the host's broker monitoring has a connection of its own, not counted here.
      const host = await withReadyHost(name, {
        vhost: `payord_published_channels_${name}`,
        whenReady: `
          channels=$(as_root rabbitmqctl -q list_connections vhost channels client_properties \\
            | awk -F'\\t' -v vhost="$vhost" '$1 == vhost && $3 ~ /"Wolverine"/ { sum += $2 } END { print sum + 0 }')
          kill -TERM "$pid"; wait "$pid" || true
          echo "channels=$channels"`,
      });
      assert.equal(host.status, 0, host.output);
      const channels = Number(/^channels=(\d+)$/m.exec(host.stdout)?.[1]);
      assert.equal(channels, listeners.length + sends.length,
        `Wolverine's channels in ${host.vhost} once ready (listeners: ${listeners.join(', ')}; sends to: ${sends.join(', ')}); ` +
        `the host's log: ${host.log}\n${host.output}`);
    });
  }
});

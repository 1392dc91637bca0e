// A published host, started as scripts/lib/hosts.sh starts it, stops cleanly on SIGTERM (what `docker stop` and
// Ctrl-C send) with exit code 0: a supervisor (compose's `restart: on-failure`, run-local.sh) must not take a polite
// stop for a failure, and 75 is kept for a host that stopped itself to be restarted (HostExit).
// Needs PostgreSQL and RabbitMQ running (scripts/test.sh starts them before this suite).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { withReadyHost } from '../lib/published-host.mjs';
import { loadStack } from '../lib/stack.mjs';

const { hosts } = loadStack();

describe('published hosts stop cleanly', () => {
  for (const name of hosts) {
    it(`the ${name} host exits with 0 on SIGTERM once it was ready`, async () => {
      const host = await withReadyHost(name, {
        vhost: 'payord_published',
        whenReady: `
          kill -TERM "$pid"
          code=0; wait "$pid" || code=$?
          echo "exit=$code"`,
      });
      assert.equal(host.status, 0, host.output);
      assert.match(host.stdout, /^exit=0$/m, `the host's log: ${host.log}\n${host.output}`);
    });
  }
});

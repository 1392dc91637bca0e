// A published host, started as scripts/lib/hosts.sh starts it, stops cleanly on SIGTERM (what `docker stop` and
// Ctrl-C send) with exit code 0: a supervisor (compose's `restart: on-failure`, run-local.sh) must not take a polite
// stop for a failure, and 75 is kept for a host that stopped itself to be restarted (HostExit).
// Needs PostgreSQL and RabbitMQ running (scripts/test.sh starts them before this suite).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { repoRoot } from '../lib/paths.mjs';
import { loadStack } from '../lib/stack.mjs';

const { hosts } = loadStack();
const suffix = process.env.PAYORD_TEST_INSTANCE ? `_${process.env.PAYORD_TEST_INSTANCE}` : '';

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

describe('published hosts stop cleanly', () => {
  for (const name of hosts) {
    it(`the ${name} host exits with 0 on SIGTERM once it was ready`, async () => {
      const port = await freePort();
      const database = `payord_${name}_published${suffix}`;
      const vhost = `payord_published${suffix}`;
      const result = spawnSync('bash', ['-c', `
        set -euo pipefail
        source scripts/lib/services.sh
        source scripts/lib/hosts.sh
        create_databases ${database} >/dev/null
        create_vhosts ${vhost} >/dev/null
        start_host ${name} ${port} ${database} ${vhost} >/dev/null
        pid=\${PAYORD_HOST_PIDS[0]}
        wait_until_ready http://localhost:${port}
        kill -TERM "$pid"
        code=0; wait "$pid" || code=$?
        echo "exit=$code"`], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
      const output = `${result.stdout}${result.stderr}`;
      assert.equal(result.status, 0, output);
      assert.match(result.stdout, /^exit=0$/m, `the host's log: artifacts/logs/${name}-${port}.log\n${output}`);
    });
  }
});

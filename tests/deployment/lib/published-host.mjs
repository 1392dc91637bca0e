// One published host, started as scripts/lib/hosts.sh starts it, on a free port with a database and a RabbitMQ vhost
// of its own, for the checks of tests/deployment/published. Needs PostgreSQL and RabbitMQ running.
import { spawnSync } from 'node:child_process';
import { createServer } from 'node:net';
import { repoRoot } from './paths.mjs';

const suffix = process.env.PAYORD_TEST_INSTANCE ? `_${process.env.PAYORD_TEST_INSTANCE}` : '';

function freePort() {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts the host `name` (orders, payments), waits until it is ready, then runs `whenReady`: bash with `$pid`, the
 * host's process, `$vhost`, its RabbitMQ vhost, and the scripts' functions at hand.
 * Returns { status, stdout, output, vhost, log }.
 */
export async function withReadyHost(name, { vhost, whenReady }) {
  const port = await freePort();
  const database = `payord_${name}_published${suffix}`;
  const ownVhost = `${vhost}${suffix}`;
  const result = spawnSync('bash', ['-c', `
    set -euo pipefail
    source scripts/lib/services.sh
    source scripts/lib/hosts.sh
    create_databases ${database} >/dev/null
    create_vhosts ${ownVhost} >/dev/null
    start_host ${name} ${port} ${database} ${ownVhost} >/dev/null
    pid=\${PAYORD_HOST_PIDS[0]}
    vhost=${ownVhost}
    wait_until_ready http://localhost:${port}
    ${whenReady}`], { cwd: repoRoot, encoding: 'utf8', timeout: 120_000 });
  return {
    status: result.status,
    stdout: result.stdout,
    output: `${result.stdout}${result.stderr}`,
    vhost: ownVhost,
    log: `artifacts/logs/${name}-${port}.log`,
  };
}

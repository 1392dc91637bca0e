// `npm run test:e2e`: builds the app, serves it with `vite preview` on PORT (default 3100)
// proxying to the real hosts (ORDERS_URL / PAYMENTS_URL, defaults localhost:5101 / 5102),
// runs e2e/*.test.mjs in headless Chromium with node:test, stops the server and exits
// non-zero on any failure. The last line is: web-e2e: N passed, M failed
//
// The preview reaches the Orders host through a small TCP relay that the tests can cut
// (to check that the page reconnects and re-reads what it missed); the preview's own log
// goes to test-output/preview.log.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import net from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'test-output');
const port = process.env.PORT ?? '3100';
const ordersUrl = process.env.ORDERS_URL ?? 'http://localhost:5101';
const paymentsUrl = process.env.PAYMENTS_URL ?? 'http://localhost:5102';
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');

function fail(message) {
  console.error(message);
  console.log('web-e2e: 0 passed, 1 failed');
  process.exit(1);
}

/** A TCP relay to `targetUrl` with an HTTP control endpoint: POST /cut, POST /restore. */
async function startRelay(targetUrl) {
  const target = new URL(targetUrl);
  const sockets = new Set();
  let cut = false;
  const relay = net.createServer((client) => {
    if (cut) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(target.port || 80), target.hostname);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream).pipe(client);
  });
  const control = createServer((request, response) => {
    cut = request.url === '/cut';
    if (cut) sockets.forEach((socket) => socket.destroy());
    response.end(cut ? 'cut' : 'restored');
  });
  const listen = (server) =>
    new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
  return { relayPort: await listen(relay), controlPort: await listen(control), servers: [relay, control] };
}

mkdirSync(output, { recursive: true });
rmSync(join(output, 'dashboard.png'), { force: true });
const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) fail('The build failed.');

const relay = await startRelay(ordersUrl);
const env = {
  ...process.env,
  PORT: port,
  ORDERS_URL: ordersUrl,
  PAYMENTS_URL: paymentsUrl,
  E2E_BASE_URL: `http://localhost:${port}`,
  E2E_ORDERS_RELAY: `http://127.0.0.1:${relay.controlPort}`,
};

const preview = spawn(process.execPath, [vite, 'preview'], {
  cwd: root,
  env: { ...env, ORDERS_URL: `http://127.0.0.1:${relay.relayPort}` },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const previewLog = createWriteStream(join(output, 'preview.log'));
preview.stdout.pipe(previewLog);
preview.stderr.pipe(previewLog);

const shutdown = () => {
  if (preview.exitCode === null) preview.kill('SIGTERM');
  relay.servers.forEach((server) => server.close());
};
process.on('exit', shutdown);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

async function waitForPreview() {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline && preview.exitCode === null) {
    try {
      if ((await fetch(env.E2E_BASE_URL)).ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

if (!(await waitForPreview())) {
  shutdown();
  fail(`vite preview did not come up on port ${port} (is the port taken? see test-output/preview.log).`);
}

const files = readdirSync(join(root, 'e2e'))
  .filter((name) => name.endsWith('.test.mjs'))
  // E2E_ONLY=journey runs e2e/journey.test.mjs alone.
  .filter((name) => !process.env.E2E_ONLY || name.startsWith(`${process.env.E2E_ONLY}.`))
  .map((name) => join('e2e', name));
const tests = spawn(
  process.execPath,
  [
    '--test',
    '--test-concurrency=1',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    `--test-reporter=${join(root, 'scripts', 'summary-reporter.mjs')}`,
    '--test-reporter-destination=stdout',
    ...files,
  ],
  { cwd: root, env, stdio: 'inherit' },
);
const code = await new Promise((resolve) => tests.on('exit', (status) => resolve(status ?? 1)));
shutdown();
process.exit(code);

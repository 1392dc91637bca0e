// A measurement, not a test (npm run test:e2e does not pick it up: it is not *.test.mjs): runs the shop's load
// simulation in headless Chromium against running hosts and prints the figures the page shows, to set beside
// scripts/bench.sh's. Builds the app (unless --no-build), serves it with `vite preview` on PORT (default 3190)
// proxying to ORDERS_URL / PAYMENTS_URL (defaults localhost:5101 / 5102), signs up a fresh user, deposits enough
// for every order to be paid, and runs the simulation with fixed orders of 1.
//
//   cd web && npm run measure:simulation -- [--orders 500] [--concurrency 50] [--no-build]
//
// The comparable benchmark: scripts/bench.sh --orders 500 --concurrency 50 --users 1 --warmup 0 --idle 0.
// It reads the page only through what a user sees (labels, buttons) and the simulation's test ids; SELECTORS
// below lists every one of them, so a change to the simulation panel is mended in one place.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openPage } from './support.mjs';

const SELECTORS = {
  userId: 'User id', // label of the sign-in field
  continue: 'Continue', // sign-in button
  createAccount: (userId) => `Create account “${userId}”`, // button offered for a user without an account
  currentUser: 'current-user', // test id: the signed-in user's chip
  balanceRegion: 'Balance', // region holding the deposit form
  depositAmount: 'Deposit amount',
  deposit: 'Deposit',
  balance: 'balance', // test id of the shown balance
  simulationRegion: 'Load simulation',
  orders: 'Orders', // exact label of the simulation's order count
  concurrency: 'Concurrency',
  fixedAmount: 'Fixed', // the amount mode's option text
  amountPerOrder: 'Amount per order',
  run: 'Run simulation',
  finished: '[data-testid="sim-headline"][data-outcome]:not([data-outcome="preparing"]):not([data-outcome="running"])',
  headline: 'sim-headline',
  figures: ['sent', 'paid', 'failed', 'errors', 'p50', 'p95', 'throughput'], // test ids sim-<figure>
};

const { values } = parseArgs({
  options: {
    orders: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '50' },
    'no-build': { type: 'boolean', default: false },
  },
});
const root = join(import.meta.dirname, '..');
const port = process.env.PORT ?? '3190';
const ordersUrl = process.env.ORDERS_URL ?? 'http://localhost:5101';
const paymentsUrl = process.env.PAYMENTS_URL ?? 'http://localhost:5102';
const baseUrl = `http://localhost:${port}`;
const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
const orders = Number(values.orders);

for (const host of [ordersUrl, paymentsUrl]) {
  const status = await fetch(`${host}/health/ready`).then(
    (r) => r.status,
    () => 'unreachable',
  );
  if (status !== 200) {
    console.error(`${host}/health/ready answered ${status}: start the hosts first (scripts/run-local.sh).`);
    process.exit(2);
  }
}

if (!values['no-build']) {
  const build = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (build.status !== 0) process.exit(1);
}

mkdirSync(join(root, 'test-output'), { recursive: true });
const preview = spawn(process.execPath, [vite, 'preview'], {
  cwd: root,
  env: { ...process.env, PORT: port, ORDERS_URL: ordersUrl, PAYMENTS_URL: paymentsUrl },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const previewLog = createWriteStream(join(root, 'test-output', 'measure-preview.log'));
preview.stdout.pipe(previewLog);
preview.stderr.pipe(previewLog);
process.on('exit', () => preview.exitCode === null && preview.kill('SIGTERM'));

const deadline = Date.now() + 30_000;
while (
  !(await fetch(baseUrl).then(
    (r) => r.ok,
    () => false,
  ))
) {
  if (Date.now() > deadline || preview.exitCode !== null) {
    console.error(`vite preview did not come up on port ${port} (see test-output/measure-preview.log).`);
    process.exit(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

const pageErrors = [];
const { browser, page } = await openPage(pageErrors, { timeoutMs: 30_000 });
try {
  await page.goto(baseUrl);
  const userId = `measure-${Date.now()}`;
  await page.getByLabel(SELECTORS.userId).fill(userId);
  await page.getByRole('button', { name: SELECTORS.continue }).click();
  await page.getByRole('button', { name: SELECTORS.createAccount(userId) }).click();
  await page.getByTestId(SELECTORS.currentUser).filter({ hasText: userId }).waitFor();
  const balance = page.getByRole('region', { name: SELECTORS.balanceRegion });
  await balance.getByLabel(SELECTORS.depositAmount).fill(String(orders));
  await balance.getByRole('button', { name: SELECTORS.deposit }).click();
  await page
    .getByTestId(SELECTORS.balance)
    .filter({ hasText: `${orders}.00` })
    .waitFor();

  const sim = page.getByRole('region', { name: SELECTORS.simulationRegion });
  await sim.getByLabel(SELECTORS.orders, { exact: true }).fill(String(orders));
  await sim.getByLabel(SELECTORS.concurrency).fill(values.concurrency);
  await sim.getByText(SELECTORS.fixedAmount, { exact: true }).click();
  await sim.getByLabel(SELECTORS.amountPerOrder).fill('1');
  const started = performance.now();
  await sim.getByRole('button', { name: SELECTORS.run }).click();
  // A plain query ten times a second: a locator's wait checks visibility every animation frame, forcing a layout
  // each time, which is the measurement's CPU on the cores the hosts are measured on.
  await page.waitForFunction((selector) => document.querySelector(selector) !== null, SELECTORS.finished, {
    polling: 100,
    timeout: 600_000,
  });
  const wallSeconds = (performance.now() - started) / 1000;

  const shown = {};
  for (const figure of SELECTORS.figures) {
    shown[figure] = (await page.getByTestId(`sim-${figure}`).textContent())?.trim();
  }
  console.log(
    `web simulation: ${orders} orders, concurrency ${values.concurrency}, against ${ordersUrl} and ${paymentsUrl}`,
  );
  console.log(`  ${(await page.getByTestId(SELECTORS.headline).textContent())?.trim()}`);
  console.log(`  shown:    throughput ${shown.throughput}   settle p50 ${shown.p50}   p95 ${shown.p95}`);
  console.log(`            sent ${shown.sent}, paid ${shown.paid}, failed ${shown.failed}, errors ${shown.errors}`);
  console.log(
    `  measured: ${(orders / wallSeconds).toFixed(1)} orders/s from the click to the final headline (${wallSeconds.toFixed(1)} s)`,
  );
  if (pageErrors.length > 0) console.log(`  page errors: ${pageErrors.join('; ')}`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await page.goto('about:blank');
  await browser.close();
  // The preview server's pipes would keep node alive; the exit handler above stops it.
  process.exit(process.exitCode ?? 0);
}

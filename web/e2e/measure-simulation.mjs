// A measurement, not a test (npm run test:e2e does not pick it up: it is not *.test.mjs): runs the shop's load
// simulation in headless Chromium against running hosts and prints the figures the page shows, to set beside
// scripts/bench.sh's. Builds the app (unless --no-build), serves it with `vite preview` on PORT (default 3190)
// proxying to ORDERS_URL / PAYMENTS_URL (defaults localhost:5101 / 5102), signs up a fresh user, deposits enough
// for every order to be paid, and runs the simulation with fixed orders of 1.
//
//   cd web && npm run measure:simulation -- [--orders 500] [--concurrency 50] [--no-build] [--beside-bench N]
//
// The comparable benchmark: scripts/bench.sh --orders 500 --concurrency 50 --users 1 --warmup 0 --idle 0.
// --beside-bench N runs N pairs, the page and then that benchmark against the same hosts, and prints both medians
// and their ratio (issue #13's target for the page: at least 80 % of the bench's orders/s, settle p50 within 2×).
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
    'beside-bench': { type: 'string', default: '0' },
  },
});
const pairs = Number(values['beside-bench']);
if (!Number.isInteger(pairs) || pairs < 0) {
  console.error(`--beside-bench takes a number of pairs (0 or more), not "${values['beside-bench']}".`);
  process.exit(2);
}
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

/** One simulation run in a fresh browser; prints what the page shows and returns its figures. */
async function measurePage() {
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
    if (pageErrors.length > 0) throw new Error(`page errors: ${pageErrors.join('; ')}`);
    return { perSecond: Number.parseFloat(shown.throughput), p50Ms: milliseconds(shown.p50) };
  } finally {
    await page.goto('about:blank');
    await browser.close();
  }
}

/** "650 ms" or "1.07 s", as the page shows a duration, in ms. */
function milliseconds(shown) {
  const [, number, unit] = /([\d.]+)\s*(ms|s)/.exec(shown ?? '') ?? [];
  if (number === undefined) throw new Error(`not a duration: ${shown}`);
  return Number(number) * (unit === 's' ? 1000 : 1);
}

/** Runs scripts/bench.sh against the same hosts; fails unless it succeeds. */
function bench(args) {
  const run = spawnSync('bash', ['scripts/bench.sh', ...args, '--idle', '0', '--no-pgbench'], {
    cwd: join(root, '..'),
    env: { ...process.env, ORDERS_URL: ordersUrl, PAYMENTS_URL: paymentsUrl },
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`scripts/bench.sh failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return run;
}

/** scripts/bench.sh as the comparable run (REST, the same orders and concurrency, one user); returns its figures. */
function measureBench() {
  const args = ['--orders', String(orders), '--concurrency', values.concurrency, '--users', '1'];
  const run = bench([...args, '--warmup', '0']);
  const perSecond = /throughput\s+([\d.]+) settled orders\/s/.exec(run.stdout)?.[1];
  const p50Ms = /POST sent → final pushed\s+p50\s+([\d.]+) ms/.exec(run.stdout)?.[1];
  if (perSecond === undefined || p50Ms === undefined) throw new Error(`no figures in:\n${run.stdout}`);
  console.log(`bench (scripts/bench.sh ${args.join(' ')}): ${perSecond} orders/s, POST → final pushed p50 ${p50Ms} ms`);
  return { perSecond: Number(perSecond), p50Ms: Number(p50Ms) };
}

const median = (numbers) => {
  const sorted = [...numbers].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

try {
  if (pairs === 0) {
    await measurePage();
  } else {
    // The page and the bench alternate on the same hosts, so a slow spell of a shared machine falls on both.
    // Hosts fresh from a start would make the first pairs a measure of their JIT instead.
    console.log('warming the hosts up: scripts/bench.sh --orders 0 --warmup 1000 --users 20');
    bench(['--orders', '0', '--warmup', '1000', '--users', '20']);
    const pageRuns = [];
    const benchRuns = [];
    for (let pair = 1; pair <= pairs; pair++) {
      console.log(`\npair ${pair} of ${pairs}`);
      pageRuns.push(await measurePage());
      benchRuns.push(measureBench());
    }
    const [pagePerSecond, benchPerSecond] = [pageRuns, benchRuns].map((runs) =>
      median(runs.map((run) => run.perSecond)),
    );
    const [pageP50, benchP50] = [pageRuns, benchRuns].map((runs) => median(runs.map((run) => run.p50Ms)));
    console.log(`\nmedians of ${pairs} pairs:`);
    console.log(`  page  ${pagePerSecond.toFixed(1)} orders/s, settle p50 ${pageP50.toFixed(0)} ms`);
    console.log(`  bench ${benchPerSecond.toFixed(1)} orders/s, POST → final pushed p50 ${benchP50.toFixed(0)} ms`);
    console.log(
      `  page / bench: ${((100 * pagePerSecond) / benchPerSecond).toFixed(0)} % of the orders/s, settle p50 ${(pageP50 / benchP50).toFixed(2)}×`,
    );
  }
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  // The preview server's pipes would keep node alive; the exit handler above stops it.
  process.exit(process.exitCode ?? 0);
}

// End-to-end: the Operations page in headless Chromium against the real hosts (fault injection enabled, as
// scripts/test.sh and scripts/run-local.sh start them). Run through `npm run test:e2e`.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { eventually, hostPost, openPage } from './support.mjs';

const BASE_URL = process.env.E2E_BASE_URL ?? 'http://localhost:3100';
const ORDERS_URL = process.env.ORDERS_URL ?? 'http://localhost:5101';
const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'http://localhost:5102';
const OPERATOR = process.env.PAYORD_OPERATOR_USER ?? 'operator';
const PASSWORD = process.env.PAYORD_OPERATOR_PASSWORD ?? 'operator';
const OUTPUT = join(import.meta.dirname, '..', 'test-output');
const RUN = `ops-${Date.now()}`;
const SETTLE_MS = 60_000;

let browser;
let page;
const pageErrors = [];

const region = (name) => page.getByRole('region', { name });

describe('operations page against the real hosts', () => {
  const userId = `${RUN}-shopper`;
  const orders = [];

  before(async () => {
    ({ browser, page } = await openPage(pageErrors, { width: 1360, height: 1000 }));
    await hostPost(`${PAYMENTS_URL}/api/payments/accounts`, { userId });
    await hostPost(`${PAYMENTS_URL}/api/payments/accounts/${userId}/deposits`, { amount: 100 });
  });

  after(async () => {
    if (page) {
      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, 'operations.png'), fullPage: true });
      await page.goto('about:blank');
    }
    await browser?.close();
  });

  it('refuses a wrong password and signs an operator in', async () => {
    await page.goto(new URL('/ops', BASE_URL).href);
    await page.getByLabel('Operator', { exact: true }).fill(OPERATOR);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Sign-in required' }).waitFor();

    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('operator').filter({ hasText: OPERATOR }).waitFor();
    await page.getByTestId('counters-orders').waitFor();
    assert.match(page.url(), /\/ops\/payments$/);
  });

  it('injects permanent faults and sees the failure group appear live with the messages', async () => {
    const faults = region('Fault injection');
    await faults.getByLabel('Fault count').fill('2');
    await faults.getByLabel('Fault kind').selectOption('Permanent');
    await faults.getByRole('button', { name: 'Inject faults' }).click();
    await faults.getByRole('status').filter({ hasText: 'Armed' }).waitFor();

    for (const description of ['ops e2e one', 'ops e2e two']) {
      orders.push(await hostPost(`${ORDERS_URL}/api/orders`, { userId, amount: 10, description }));
    }

    const group = region('Failure groups')
      .getByTestId('failure-group')
      .filter({ hasText: 'InjectedPermanentFaultException' });
    await group.waitFor({ timeout: SETTLE_MS });
    await eventually(
      async () => Number(await group.getByTestId('group-count').textContent()) >= 2,
      SETTLE_MS,
      'the group to count both failed messages',
    );

    const list = region('Failed messages');
    for (const order of orders) {
      await list.locator(`[data-subject-id="${order.orderId}"]`).waitFor({ timeout: SETTLE_MS });
    }
  });

  it('shows a message with its exception, body and the order it concerns', async () => {
    const row = region('Failed messages').locator(`[data-subject-id="${orders[0].orderId}"]`);
    await row.getByRole('link', { name: 'PaymentRequested' }).click();
    const details = region('Failed message');
    await details.getByTestId('exception-type').filter({ hasText: 'InjectedPermanentFaultException' }).waitFor();
    assert.match(await details.getByLabel('Body').textContent(), new RegExp(orders[0].orderId));
    assert.match(await details.getByLabel('Stack trace').textContent(), /FaultInjector/);
    assert.ok(await details.getByRole('link', { name: /^order / }).isVisible());
    await page.goBack();
  });

  it('clears the faults, retries the group and sees every message processed, then the orders Paid', async () => {
    await region('Fault injection').getByRole('button', { name: 'Clear faults' }).click();
    await region('Fault injection').getByRole('status').filter({ hasText: 'Faults cleared' }).waitFor();

    await region('Retry pace').getByLabel('Batch size').fill('1');
    await region('Retry pace').getByLabel('Pause between batches (ms)').fill('200');
    const group = region('Failure groups')
      .getByTestId('failure-group')
      .filter({ hasText: 'InjectedPermanentFaultException' });
    // Runs are listed newest first, at most a page of them, so earlier suites' runs may fill the list: this run is
    // the one whose link differs from the newest run's before the click.
    const runs = region('Retries').getByTestId('retry-run');
    const newestRunLink = async () =>
      (await runs.count()) === 0 ? null : runs.first().getByRole('link').first().getAttribute('href');
    const newestBefore = await newestRunLink();
    await group.getByRole('button', { name: 'Retry group' }).click();

    await eventually(async () => (await newestRunLink()) !== newestBefore, SETTLE_MS, 'the retry run to be listed');
    const run = runs.first();
    await eventually(
      async () => (await run.getAttribute('data-status')) === 'Completed',
      SETTLE_MS,
      'the retry run to complete',
    );
    const outcome = await run.getByTestId('retry-outcome').textContent();
    assert.match(outcome, /Completed: \d+ processed, 0 failed again/);

    for (const order of orders) {
      await eventually(
        async () => {
          const response = await fetch(`${ORDERS_URL}/api/orders/${order.orderId}`);
          return (await response.json()).status === 'Paid';
        },
        SETTLE_MS,
        `order ${order.orderId} to be Paid`,
      );
    }
    await region('Audit').getByTestId('audit-entry').filter({ hasText: 'retry' }).first().waitFor();
  });

  it('the shop page shows the retried orders as Paid', async () => {
    await page.goto(new URL('/', BASE_URL).href);
    if (await page.getByTestId('current-user').isVisible()) {
      await page.getByRole('button', { name: 'Switch user' }).click();
    }
    await page.getByLabel('User id').fill(userId);
    await page.getByRole('button', { name: 'Continue' }).click();
    for (const description of ['ops e2e one', 'ops e2e two']) {
      await page
        .locator('li.order', { hasText: description })
        .locator('[data-status="Paid"]')
        .waitFor({ timeout: SETTLE_MS });
    }
    assert.equal(await page.getByTestId('balance').textContent(), '80.00');
    assert.ok(
      await page.getByRole('link', { name: 'Operations' }).isVisible(),
      'the top bar leads to the Operations page',
    );
  });

  it('an order deep link shows the order', async () => {
    await page.goto(new URL(`/orders/${orders[0].orderId}`, BASE_URL).href);
    await page.getByTestId('order-status').locator('[data-status="Paid"]').waitFor();
    assert.deepEqual(pageErrors, []);
  });
});

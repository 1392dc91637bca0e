// End-to-end: every page of the app passes axe-core's WCAG 2.0/2.1 A and AA rules in headless Chromium against the
// real hosts, and has one top-level heading. Run through `npm run test:e2e` (E2E_ONLY=accessibility for this file).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { eventually, hostPost, openPage } from './support.mjs';

const BASE_URL = process.env.E2E_BASE_URL ?? 'http://localhost:3100';
const ORDERS_URL = process.env.ORDERS_URL ?? 'http://localhost:5101';
const PAYMENTS_URL = process.env.PAYMENTS_URL ?? 'http://localhost:5102';
const OPERATOR = process.env.PAYORD_OPERATOR_USER ?? 'operator';
const PASSWORD = process.env.PAYORD_OPERATOR_PASSWORD ?? 'operator';
const RUN = `a11y-${Date.now()}`;
const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

let browser;
let page;
const pageErrors = [];

/** Calls a host's Operations API as the operator; the answer must be a success. */
async function asOperator(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: {
      Authorization: `Basic ${Buffer.from(`${OPERATOR}:${PASSWORD}`).toString('base64')}`,
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(response.ok, `${method} ${url}: ${response.status}`);
  return response.json();
}

/** Runs axe-core in the page as it stands; fails naming each violated rule and the elements that break it. */
async function assertAccessible(what) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE_SOURCE });
  const results = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    WCAG_TAGS,
  );
  // Proof that axe looked at this page: colour contrast, names and the like were checked on some element.
  assert.ok(results.passes.length + results.violations.length > 0, `${what}: axe checked nothing`);
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.map((n) => `${n.target.join(' ')} — ${n.failureSummary?.split('\n').at(1)?.trim()}`).join('\n    ')}`,
  );
  assert.deepEqual(found, [], `${what}: WCAG A/AA violations`);
  assert.equal(await page.locator('h1').count(), 1, `${what}: one h1 names the page`);
}

describe('accessibility of every page (axe-core, WCAG 2.1 A and AA)', () => {
  const userId = `${RUN}-user`;
  let orderId;

  before(async () => {
    ({ browser, page } = await openPage(pageErrors, { width: 1360, height: 1000, timeoutMs: 20_000 }));
    await hostPost(`${PAYMENTS_URL}/api/payments/accounts`, { userId });
    await hostPost(`${PAYMENTS_URL}/api/payments/accounts/${userId}/deposits`, { amount: 30 });
    // One order that pays and one that fails, so the list shows both badges.
    ({ orderId } = await hostPost(`${ORDERS_URL}/api/orders`, { userId, amount: 20, description: 'paid one' }));
    await hostPost(`${ORDERS_URL}/api/orders`, { userId, amount: 500, description: 'failed one' });
  });

  after(async () => {
    await page?.goto('about:blank');
    await browser?.close();
  });

  it('the shop: sign-in, a missing account, the dashboard with settled orders, and the journey dialog', async () => {
    await page.goto(BASE_URL);
    await page.getByLabel('User id').waitFor();
    await assertAccessible('shop sign-in');

    await page.getByLabel('User id').fill(`${RUN}-nobody`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText(`There is no payment account for ${RUN}-nobody yet.`).waitFor();
    await assertAccessible('shop sign-in, account missing');

    await page.getByRole('button', { name: 'Use another id' }).click();
    await page.getByLabel('User id').fill(userId);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.locator('[data-state="connected"]').waitFor();
    await page.locator('li.order[data-status="Paid"]').waitFor();
    await page.locator('li.order[data-status="PaymentFailed"]').waitFor();
    await assertAccessible('shop dashboard');

    await page.locator('li.order', { hasText: 'paid one' }).getByRole('button', { name: 'Journey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Order journey' });
    await dialog.locator('li[data-step="status-committed"]').waitFor();
    await assertAccessible('journey dialog');
    await dialog.getByRole('button', { name: 'Close' }).click();
  });

  it("an order's page", async () => {
    await page.goto(`${BASE_URL}/orders/${orderId}`);
    await page.getByTestId('order-status').filter({ hasText: 'Paid' }).waitFor();
    await assertAccessible('order page');
  });

  it('the Operations pages: sign-in, each host signed in, a failed message and a retry run', async () => {
    // A failed message of this run (an injected permanent fault), so the failure groups, the failed messages, the
    // message's page and a retry run's page all have something to show.
    const ops = `${PAYMENTS_URL}/api/payments/ops`;
    const [messageType] = (await asOperator('GET', `${ops}/faults`)).targets;
    await asOperator('POST', `${ops}/faults`, { messageType, count: 1, kind: 'Permanent' });
    const failing = await hostPost(`${ORDERS_URL}/api/orders`, { userId, amount: 1, description: 'faulted one' });
    let messageId;
    await eventually(
      async () => {
        const { items } = await asOperator('GET', `${ops}/dead-letters?PageSize=50`);
        messageId = items.find((item) => item.subject?.id === failing.orderId)?.id;
        return messageId !== undefined;
      },
      60_000,
      'the faulted message to be dead-lettered',
    );

    await page.goto(`${BASE_URL}/ops`);
    await page.getByLabel('Password').waitFor();
    await assertAccessible('operations sign-in');

    await page.getByLabel('Operator', { exact: true }).fill(OPERATOR);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('operator').filter({ hasText: OPERATOR }).waitFor();
    for (const service of ['payments', 'orders']) {
      await page.goto(`${BASE_URL}/ops/${service}`);
      await page.getByTestId('counters-orders').waitFor();
      await page.getByRole('heading', { name: 'Audit' }).waitFor();
      if (service === 'payments') {
        await page.locator(`[data-subject-id="${failing.orderId}"]`).first().waitFor();
      }
      await assertAccessible(`operations, ${service} host`);
    }

    await page.goto(`${BASE_URL}/ops/payments/messages/${messageId}`);
    await page.getByTestId('exception-type').waitFor();
    await assertAccessible('operations, a failed message');

    const run = await asOperator('POST', `${ops}/retries`, { messageIds: [messageId], batchSize: 1, pauseMs: 0 });
    await page.goto(`${BASE_URL}/ops/payments/retries/${run.id}`);
    await page.getByTestId('run-outcome').waitFor();
    await page.getByRole('progressbar').first().waitFor();
    await assertAccessible('operations, a retry run');
  });

  it('the API page', async () => {
    await page.goto(`${BASE_URL}/api-docs`);
    await page.getByRole('region', { name: 'Messages', exact: true }).waitFor();
    await assertAccessible('API page');
    assert.deepEqual(pageErrors, []);
  });
});

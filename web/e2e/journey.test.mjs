// End-to-end: an order's journey, opened from the shop page, in headless Chromium against the real hosts.
// Run through `npm run test:e2e` (E2E_ONLY=journey for this file alone).
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openPage } from './support.mjs';

const BASE_URL = process.env.E2E_BASE_URL ?? 'http://localhost:3100';
/** The trace dashboard the build links to (OrderJourney.tsx's TRACES_URL). */
const TRACES_URL = process.env.VITE_TRACES_URL ?? 'http://localhost:18888';
const OUTPUT = join(import.meta.dirname, '..', 'test-output');
const RUN = `journey-${Date.now()}`;

let browser;
let page;
const pageErrors = [];

/** Every step of a paid order, in order, across both hosts. */
const PAID_JOURNEY = [
  'order-placed',
  'payment-request-sent',
  'payment-request-received',
  'charged',
  'payment-outcome-sent',
  'payment-outcome-received',
  'status-committed',
];

describe("an order's journey", () => {
  before(async () => {
    ({ browser, page } = await openPage(pageErrors, { width: 1360, height: 900, timeoutMs: 20_000 }));
    await page.goto(BASE_URL);
  });

  after(async () => {
    if (page) {
      mkdirSync(OUTPUT, { recursive: true });
      await page.screenshot({ path: join(OUTPUT, 'journey.png'), fullPage: true });
      await page.goto('about:blank');
    }
    await browser?.close();
  });

  it('opens from the shop page and shows every step of a paid order, with hop durations and trace links', async () => {
    const userId = `${RUN}-user`;
    await page.getByLabel('User id').fill(userId);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: `Create account “${userId}”` }).click();
    await page.locator('[data-state="connected"]').waitFor();
    await page.getByRole('region', { name: 'Balance' }).getByLabel('Deposit amount').fill('50');
    await page.getByRole('region', { name: 'Balance' }).getByRole('button', { name: 'Deposit' }).click();
    await page.getByTestId('balance').filter({ hasText: '50.00' }).waitFor();

    const form = page.getByRole('region', { name: 'New order' });
    await form.getByLabel('Order amount').fill('20');
    await form.getByLabel('Description').fill('Journey order');
    await form.getByRole('button', { name: 'Place order' }).click();
    const row = page.locator('li.order', { hasText: 'Journey order' });
    await row.and(page.locator('[data-status="Paid"]')).waitFor();

    await row.getByRole('button', { name: 'Journey' }).click();
    const dialog = page.getByRole('dialog', { name: 'Order journey' });
    await dialog.locator('li[data-step="order-updated-pushed"]', { hasText: 'Paid to 1 connection' }).waitFor();

    const steps = await dialog
      .locator('li[data-step]')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step')));
    const path = steps.filter((step) => PAID_JOURNEY.includes(step));
    assert.deepEqual(path, PAID_JOURNEY, `steps shown: ${steps.join(', ')}`);
    assert.match(await dialog.locator('li[data-step="charged"]').textContent(), /balance 50 → 30/);
    assert.match(
      await dialog.locator('li[data-step="payment-request-received"]').textContent(),
      // A duration, or, when the receipt was journaled before the send (see timeline.ts), that it was.
      /outbox → Payments inbox( [\d.]+ (ms|s)|: the send was journaled [\d.]+ (ms|s) after the receipt)/,
    );
    // Every step links to its trace in the dashboard the build names: the hosts scripts/test.sh starts trace
    // (Telemetry:Enabled, the SDK without an exporter), so each step was journaled inside a traced activity.
    const orderId = await row.getAttribute('data-order-id');
    const journaled = (
      await Promise.all(
        [`/api/orders/${orderId}/journey`, `/api/payments/journey/${orderId}`].map(async (path) => {
          const response = await fetch(new URL(path, BASE_URL));
          assert.equal(response.status, 200, `GET ${path}`);
          return (await response.json()).steps;
        }),
      )
    ).flat();
    const traceIds = Object.fromEntries(journaled.map((step) => [step.step, step.traceId]));
    const expectedLinks = PAID_JOURNEY.map((step) => {
      assert.match(traceIds[step] ?? '', /^[0-9a-f]{32}$/, `${step} was journaled with its trace id`);
      return [step, `${TRACES_URL}/traces/detail/${traceIds[step]}`];
    });
    const shownLinks = await Promise.all(
      PAID_JOURNEY.map(async (step) => {
        const links = dialog.locator(`li[data-step="${step}"]`).getByRole('link', { name: 'trace' });
        return [step, (await links.count()) === 1 ? await links.getAttribute('href') : null];
      }),
    );
    assert.deepEqual(shownLinks, expectedLinks, 'each step links to its own trace');

    mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: join(OUTPUT, 'journey-dialog.png') });
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'hidden' });
    assert.deepEqual(pageErrors, []);
  });
});

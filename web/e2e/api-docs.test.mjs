// End-to-end: the API page in headless Chromium — both hosts' REST references and the AsyncAPI description of
// what crosses RabbitMQ and the hub. Run through `npm run test:e2e`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openPage } from './support.mjs';

const BASE_URL = process.env.E2E_BASE_URL ?? 'http://localhost:3100';

let browser;
let page;
const pageErrors = [];

describe('API page', () => {
  before(async () => {
    ({ browser, page } = await openPage(pageErrors, { width: 1360, height: 1000 }));
  });

  after(async () => {
    await browser?.close();
  });

  it('describes every queue, exchange and hub the system uses, and links each host’s REST reference', async () => {
    await page.goto(`${BASE_URL}/api-docs`);
    const channels = page.getByRole('region', { name: 'Channels' });
    for (const address of ['payments.payment-requests', 'orders.payment-results', 'orders.order-status', '/hubs/orders']) {
      await channels.getByText(address, { exact: true }).first().waitFor();
    }

    const messages = page.getByRole('region', { name: 'Messages' });
    for (const name of ['PaymentRequested', 'PaymentSucceeded', 'PaymentFailed', 'orderUpdated', 'CreateOrder']) {
      assert.ok((await messages.getByText(name).count()) > 0, `message ${name} is shown`);
    }

    const rest = page.getByRole('region', { name: 'REST API' });
    const references = await rest.locator('a[href$="/scalar/v1"]').evaluateAll((links) => links.map((l) => l.href));
    assert.equal(references.length, 2, `one REST reference per host: ${references}`);

    await page.getByRole('link', { name: 'Shop' }).click();
    await page.waitForURL(`${BASE_URL}/`);
    assert.deepEqual(pageErrors, []);
  });
});

// What the end-to-end tests share. The one way they start Chromium: Debian's build, headless, with the flags this machine's closed
// network needs (without them Chromium keeps trying to reach Google's services and is refused), a fresh temporary
// profile per launch, and a page that records its uncaught errors into `pageErrors`.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function openPage(pageErrors, { width = 1360, height = 1000, timeoutMs = 15_000 } = {}) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  const page = await browser.newPage({ viewport: { width, height } });
  page.setDefaultTimeout(timeoutMs);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return { browser, page };
}

/** POST straight to a host, past the page's proxy; the answer must be a success. */
export async function hostPost(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.ok(response.ok, `POST ${url}: ${response.status}`);
  return response.json();
}

/** Polls `check` until it holds; fails after `timeoutMs` naming what was `awaited`. */
export async function eventually(check, timeoutMs, awaited) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    assert.ok(Date.now() < deadline, `timed out waiting for ${awaited}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

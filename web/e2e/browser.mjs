// The one way the end-to-end tests start Chromium: Debian's build, headless, with the flags this machine's closed
// network needs (without them Chromium keeps trying to reach Google's services and is refused), a fresh temporary
// profile per launch, and a page that records its uncaught errors into `pageErrors`.
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

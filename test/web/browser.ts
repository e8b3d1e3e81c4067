// Debian's Chromium driven by playwright-core (never a downloaded browser). Absent Chromium is a failure,
// not a skip: CI installs it (.ci/run), and a site test that silently skips proves nothing.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium), as .ci/run does`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic',
      '--no-first-run', '--disable-component-update', '--disable-sync',
    ],
  });
}

/** Every console error and uncaught exception of a page, collected for an assertion that there are none. */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m: ConsoleMessage) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(`${m.type()}: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('requestfailed', (r) => errors.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return errors;
}

/** Waits until app.js has drawn everything (html[data-ready]); returns its verdict, 'true' or 'error'. */
export async function waitReady(page: Page): Promise<string> {
  await page.waitForFunction(() => document.documentElement.dataset.ready !== undefined);
  return page.evaluate(() => document.documentElement.dataset.ready ?? '');
}

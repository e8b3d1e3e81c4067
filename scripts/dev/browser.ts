// Headless Chromium driven by playwright-core. The browser comes from the npm registry with every other
// dependency (@sparticuz/chromium carries a headless build and unpacks it to the temp folder on first use), so
// `npm install && npm test` needs no system package. CHROMIUM_PATH overrides it with a system Chrome/Chromium.
// Never a skip: a site test that silently skips proves nothing.
import { existsSync } from 'node:fs';
import sparticuz from '@sparticuz/chromium';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';

/** Flags of the packaged build that would weaken what the tests check (same-origin policy, mixed content) or
 * close the browser with its first page (--single-process). */
const DROPPED_FLAGS = new Set(['--disable-web-security', '--allow-running-insecure-content', '--single-process']);

export async function browserExecutable(): Promise<{ path: string; args: string[] }> {
  const override = process.env.CHROMIUM_PATH;
  if (override) {
    if (!existsSync(override)) throw new Error(`CHROMIUM_PATH=${override}: no such file`);
    return { path: override, args: ['--headless', '--no-sandbox', '--disable-gpu'] };
  }
  return { path: await sparticuz.executablePath(), args: sparticuz.args.filter((a) => !DROPPED_FLAGS.has(a)) };
}

export async function launchBrowser(): Promise<Browser> {
  const { path, args } = await browserExecutable();
  return chromium.launch({
    executablePath: path,
    args: [
      ...args, '--disable-background-networking', '--disable-quic', '--no-first-run',
      '--disable-component-update', '--disable-sync',
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

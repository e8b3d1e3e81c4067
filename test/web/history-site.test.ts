// The history site (`npm run history`) in a real browser: built by the script itself from the real November
// 2022 files in data/history/ (sources in data/history/README.md), with no network, and served by a plain
// static server. The overview draws the migration with the crawl's shrinking coverage shown as coverage;
// Check a figure shows the census's sign-ups beside the official series; "Is this claim right?" answers.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectErrors, launchBrowser, waitReady } from '../../scripts/dev/browser.ts';
import { serveStatic, type StaticSite } from '../../scripts/dev/static-server.ts';
import { drawnCharts, numberOf, paintedPixels } from './page-checks.ts';

const ARTIFACTS = path.resolve('test/artifacts/web/history');
const execFileAsync = promisify(execFile);

let dir: string;
let site: StaticSite;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-history-'));
  const db = path.join(dir, 'census', 'fedicensus.duckdb');
  const siteDir = path.join(dir, 'site');
  await execFileAsync(process.execPath, ['--import', 'tsx', 'scripts/history.ts', '--once', '--db', db, '--site', siteDir], { maxBuffer: 16 * 1024 * 1024 });
  site = await serveStatic(siteDir);
  await mkdir(ARTIFACTS, { recursive: true });
  context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-GB' });
}, 300_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function open(relative: string): Promise<Page> {
  const page = await context.newPage();
  const errors = collectErrors(page);
  const response = await page.goto(site.url + relative);
  expect(response?.status(), relative).toBe(200);
  expect(await waitReady(page), `${relative}: app.js finished`).toBe('true');
  expect(errors, `${relative}: console errors`).toEqual([]);
  await page.screenshot({ path: path.join(ARTIFACTS, `${relative.replace(/[^a-z0-9.-]+/gi, '_')}.png`), fullPage: true });
  return page;
}

describe('the history site in Chromium', () => {
  it('draws the migration on the overview: weekly sign-ups from September 2022, users over a constant panel, coverage as coverage', async () => {
    const page = await open('index.html');
    for (const painted of await paintedPixels(page)) expect(painted, 'a chart left blank').toBeGreaterThan(1000);
    const charts = new Map((await drawnCharts(page)).map((c) => [c.id, c]));
    expect([...charts.keys()]).toEqual(expect.arrayContaining(['history-panel-users', 'history-reached', 'history-reference-users', 'history-reference-servers', 'users-joined']));
    expect(charts.has('users')).toBe(false); // the per-day sum would draw the shrinking coverage as a fall in users
    const joined = charts.get('users-joined')!;
    // Drawn stacked (sign-ups from activity windows + growth of totals): a week's users joined is the sum of its parts.
    const week = (label: string) => joined.series.reduce((sum, s) => sum + (s[joined.labels.indexOf(label)] ?? 0), 0);
    expect(joined.labels).toContain('2022-09-05');
    expect(week('2022-11-07')).toBe(214_090);
    // After the windows end the growth of totals counts: no week falls to zero or goes missing.
    expect(week('2022-11-28')).toBe(26_309);
    expect(joined.labels.at(-1)).toBe('2023-03-20');
    for (const label of joined.labels.slice(joined.labels.indexOf('2022-09-05'))) expect(week(label), label).toBeGreaterThan(0);
    const reached = charts.get('history-reached')!;
    expect(reached.labels).toHaveLength(113);
    expect(reached.series[0]![0]).toBe(1024);
    expect(reached.series[0]!.at(-1)).toBe(162);
    const panel = charts.get('history-panel-users')!;
    expect(panel.series[0]![0]).toBe(115_522);
    expect(panel.series[0]!.at(-1)).toBe(154_377);
    const reference = charts.get('history-reference-users')!;
    expect(reference.series[1]![reference.labels.indexOf('2022-11-07')]).toBe(1_044_405);
    const sources = await page.locator('#sources').locator('..').innerText();
    expect(sources).toContain('MIT (copyright 2022 Gustav Westling)');
    expect(sources).toMatch(/published by Mastodon[^]*Licence: none stated/);
    expect(sources).toContain('mastodon.social is not among them');
  });

  it('shows, for Mastodon from 2022-10-27 to 2022-11-07, the windows of 1,024 servers beside the official series', async () => {
    const page = await open('check.html?software=mastodon&from=2022-10-27&to=2022-11-07');
    expect((await numberOf(page, 'check-users')).n).toBe(2989 + 46_633 + 214_090);
    expect((await numberOf(page, 'reference-census-users')).n).toBe(263_712);
    expect(await numberOf(page, 'reference-users')).toEqual({ text: '+506,785', n: 506_785 });
    expect(await numberOf(page, 'reference-active')).toEqual({ text: '1,044,405', n: 1_044_405 });
    const section = await page.locator('#reference').innerText();
    expect(section).toContain('published by Mastodon');
    expect(section).toMatch(/489,003 new users, 1,124 new servers, 1,028,362 monthly actives; read from the 2022-11-07 row before that day was complete/);
    expect(section).toContain('activity windows of 1,024 servers');
    expect(section).toContain('mastodon.social, the largest server, is not among them');
    expect(section).toMatch(/sign-ups[^]*counts accounts/);
  });

  it('answers "1.5 million monthly actives" with the official series on 2022-11-10/11', async () => {
    const page = await open('claim.html?value=1.5+million&metric=active&to=2022-11-10');
    const verdict = await page.locator('#claim-verdict').innerText();
    expect(verdict).toBe('1,500,000 matches the series published by Mastodon between 2022-11-10 and 2022-11-11: 1,460,507 and 1,543,628.');
    expect(await page.locator('#claim-closest').innerText()).toBe('2022-11-10: 1,460,507');
    expect(await page.locator('#claim-census').innerText()).toBe('not observed');
    // Asked through the form, the servers half of the quote.
    await page.fill('#claim-value', 'about 4,600');
    await page.selectOption('#claim-metric', 'servers');
    await page.fill('#claim-to', '2022-11-10');
    await page.click('form#claim button[type="submit"]');
    await expect.poll(() => page.locator('#claim-closest').innerText()).toBe('2022-11-10: 4,609');
    expect(page.url()).toContain('metric=servers');
  });
});

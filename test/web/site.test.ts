// The site in a real browser (Debian's Chromium), built over a census crawled from the simulated
// fediverse and served by a plain static server under a sub-path. Screenshots of every page are kept in
// test/artifacts/web/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadOnlyDb, type ReadOnlyDb } from '../../api/db.ts';
import { activeChange, dailySeries, latestDay, mondayOf, summaryForDay, sumWeeks, weeklyJoins, weeklyJoinsBySoftware } from '../../api/metrics/index.ts';
import { buildSite, type BuildSiteResult } from '../../web/build.ts';
import { softwareSlug } from '../../web/slug.ts';
import { collectErrors, launchBrowser, waitReady } from '../../scripts/dev/browser.ts';
import { CRAWL_DAYS, crawlSimCensus } from './crawled-census.ts';
import { drawnCharts, numberOf, paintedPixels, tableNumbers } from './page-checks.ts';
import { serveStatic, type StaticSite } from '../../scripts/dev/static-server.ts';

const ARTIFACTS = path.resolve('test/artifacts/web');

let dir: string;
let site: StaticSite;
let browser: Browser;
let db: ReadOnlyDb;
let built: BuildSiteResult;
let dataAsOf: string;
let topSoftware: string;
let context: BrowserContext;

beforeAll(async () => {
  // Fail here, before the slow crawl, when the browser is missing: CI must install it.
  browser = await launchBrowser();
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-site-'));
  const census = await crawlSimCensus(dir);
  built = await buildSite({ dbPath: census.dbPath, outDir: path.join(dir, 'site'), now: new Date('2026-03-16T05:00:00Z'), publishDir: census.publishDir });
  site = await serveStatic(path.join(dir, 'site'));
  db = await openReadOnlyDb(census.dbPath);
  dataAsOf = (await latestDay(db))!;
  topSoftware = (await summaryForDay(db, dataAsOf)).software[0]!.name;
  await mkdir(ARTIFACTS, { recursive: true });
  context = await browser.newContext({ viewport: { width: 1200, height: 900 }, locale: 'en-GB' });
}, 300_000); // three crawls of the simulated fediverse, on a busy 2-core machine

afterAll(async () => {
  await context?.close();
  await browser?.close();
  db?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Opens a page of the site, waits for app.js to finish, and fails on any console error. */
async function open(relative: string, ctx: BrowserContext = context): Promise<Page> {
  const page = await ctx.newPage();
  const errors = collectErrors(page);
  const response = await page.goto(site.url + relative);
  expect(response?.status(), relative).toBe(200);
  expect(await waitReady(page), `${relative}: app.js finished`).toBe('true');
  expect(errors, `${relative}: console errors`).toEqual([]);
  return page;
}

describe('the built site in Chromium', () => {
  it('loads every page without console errors, with every chart drawn, and keeps a screenshot of each', async () => {
    const servers = await db.all(`SELECT domain FROM servers WHERE last_seen_ok IS NOT NULL ORDER BY domain LIMIT 3`);
    const pages = [
      'index.html', 'software/index.html', 'check.html', 'methodology.html', 'data.html',
      'embed.html?src=figures%2Foverview.json&chart=users',
      ...(await summaryForDay(db, dataAsOf)).software.map((s) => `software/${softwareSlug(s.name)}.html`),
      ...servers.map((s) => `servers/${String(s.domain)}.html`),
    ];
    expect(built.servers).toBeGreaterThan(10);
    for (const relative of pages) {
      const page = await open(relative);
      const canvases = await page.locator('canvas').count();
      const pixels = await paintedPixels(page);
      expect(pixels.length, relative).toBe(canvases);
      for (const painted of pixels) expect(painted, `${relative}: a chart left blank`).toBeGreaterThan(1000);
      for (const canvas of await page.locator('canvas').all()) expect(await canvas.getAttribute('aria-label')).toMatch(/chart/);
      const name = relative.replace(/\?.*$/, '').replace(/[^a-z0-9.-]+/gi, '_');
      await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
      await page.close();
    }
  }, 300_000); // twenty-odd pages with full-page screenshots

  it('shows the headline figures the API computes for the latest day, formatted for the reader', async () => {
    const summary = await summaryForDay(db, dataAsOf);
    const page = await open('index.html');
    expect(await numberOf(page, 'headline-servers')).toEqual({ n: summary.servers, text: summary.servers.toLocaleString('en-GB') });
    expect((await numberOf(page, 'headline-users')).n).toBe(summary.users_total);
    expect((await numberOf(page, 'headline-active')).n).toBe(summary.users_active_month);
    const coverage = await page.locator('#headline-coverage').innerText();
    expect(coverage).toContain(`${summary.coverage.ok.toLocaleString('en-GB')} servers reached of ${summary.coverage.known.toLocaleString('en-GB')} known`);
    expect(coverage).toContain(`Data as of ${dataAsOf}`);
    await page.close();
    const german = await browser.newContext({ locale: 'de-DE' });
    const de = await open('index.html', german);
    expect((await numberOf(de, 'headline-users')).text).toBe(new Intl.NumberFormat('de-DE').format(summary.users_total ?? 0));
    await german.close();
  });

  it('draws the weekly bars and the daily lines the API computes, overall and per software', async () => {
    const rows = await weeklyJoinsBySoftware(db);
    for (const [relative, software] of [['index.html', null], [`software/${softwareSlug(topSoftware)}.html`, topSoftware]] as const) {
      const page = await open(relative);
      const charts = new Map((await drawnCharts(page)).map((c) => [c.id, c]));
      for (const [id, figure] of [['users-joined', 'users_joined'], ['servers-joined', 'servers_joined']] as const) {
        const chart = charts.get(id)!;
        expect(chart.labels.at(-1), `${relative} ${id} ends with the week of the data`).toBe(mondayOf(dataAsOf));
        const api = sumWeeks(rows, { software, from: chart.labels[0], to: chart.labels.at(-1) });
        expect(chart.labels).toEqual(api.map((w) => w.week));
        expect(chart.series[0]).toEqual(api.map((w) => w[figure]));
        expect(api.some((w) => (w[figure] ?? 0) > 0), `${relative} ${id} has something to show`).toBe(true);
      }
      const users = await dailySeries(db, { metric: 'users_total', software });
      const active = await dailySeries(db, { metric: 'users_active_month', software });
      expect(charts.get('users')).toEqual({ id: 'users', labels: users.map((p) => p.day), series: [users.map((p) => p.value), active.map((p) => p.value)] });
      await page.close();
    }
  });

  it('repeats every chart as a table and a CSV with the same numbers', async () => {
    const [server] = await db.all(`SELECT domain FROM servers WHERE domain IN (SELECT domain FROM weekly_activity) LIMIT 1`);
    for (const relative of ['index.html', `software/${softwareSlug(topSoftware)}.html`, `servers/${String(server!.domain)}.html`]) {
      const page = await open(relative);
      const drawn = await drawnCharts(page);
      expect(drawn.length, relative).toBeGreaterThan(1);
      const tables = new Map((await tableNumbers(page)).map((t) => [t.id, t]));
      for (const chart of drawn) {
        expect(tables.get(chart.id), `${relative} ${chart.id}`).toEqual(chart);
        const csvHref = await page.locator(`#chart-${chart.id} a[download]`).getAttribute('href');
        const csv = await (await fetch(new URL(csvHref!, site.url + relative))).text();
        const lines = csv.trim().split('\r\n').slice(1).map((l) => l.split(','));
        expect(lines.map((l) => l[0])).toEqual(chart.labels);
        expect(chart.series.map((_, s) => lines.map((l) => (l[s + 1] === '' ? null : Number(l[s + 1]))))).toEqual(chart.series);
      }
      await page.close();
    }
  });

  it("answers the figure checker with the API's sums, and its permalink restores the same state and figure", async () => {
    const [from, to] = ['2026-03-04', CRAWL_DAYS[2]];
    const page = await open('check.html');
    await page.selectOption('#check-software', topSoftware);
    await page.fill('#check-from', from);
    await page.fill('#check-to', to);
    await page.locator('#check-to').press('Enter'); // keyboard submit
    await page.waitForFunction((q) => location.search.includes(q), `from=${from}`);
    const weeks = await weeklyJoins(db, { software: topSoftware, from, to });
    const expected = {
      users: weeks.reduce((n, w) => n + (w.users_joined ?? 0), 0),
      servers: weeks.reduce((n, w) => n + w.servers_joined, 0),
    };
    // Over the servers reporting monthly actives on both days compared (api/metrics/change.ts).
    const { change } = await activeChange(db, { software: topSoftware, from, to });
    const read = async (p: Page) => ({
      users: (await numberOf(p, 'check-users')).n,
      servers: (await numberOf(p, 'check-servers')).n,
      change: (await numberOf(p, 'check-active')).n,
    });
    expect(await read(page)).toEqual({ ...expected, change });
    const permalink = await page.locator('#check-permalink').getAttribute('href');
    expect(permalink).toBe(page.url());
    const sentence = await page.locator('#check-cite').inputValue();
    expect(sentence).toContain(`data as of ${dataAsOf}`);
    expect(sentence).toContain(`${expected.users.toLocaleString('en-GB')} users`);
    expect(sentence).toContain(permalink!);
    await page.close();

    const again = await open(permalink!.slice(site.url.length));
    expect(await again.locator('#check-software').inputValue()).toBe(topSoftware);
    expect(await again.locator('#check-from').inputValue()).toBe(from);
    expect(await again.locator('#check-to').inputValue()).toBe(to);
    expect(await read(again)).toEqual({ ...expected, change });
    expect(await again.locator('#check-cite').inputValue()).toBe(sentence);
    await again.close();
  });

  it('embeds a chart through the snippet: the frame shows the chart alone, drawn, within its height', async () => {
    const index = await open('index.html');
    await index.locator('#chart-users-joined .embed-code summary').click();
    const snippet = await index.locator('#chart-users-joined textarea').inputValue();
    await index.close();
    expect(snippet).toMatch(new RegExp(`^<iframe src="${site.url.replace(/[.?]/g, '\\$&')}embed\\.html\\?`));
    const host = await context.newPage();
    const errors = collectErrors(host);
    await host.setContent(`<!doctype html><html><body style="margin:0">${snippet}</body></html>`);
    const frame = host.frameLocator('iframe');
    await frame.locator('html[data-ready="true"]').waitFor();
    const inner = host.frames().find((f) => f.url().includes('embed.html'))!;
    expect(await inner.locator('nav').count()).toBe(0);
    expect(await inner.locator('h1').innerText()).toContain('Users joined each week');
    const painted = await inner.evaluate(() => {
      const c = document.querySelector('canvas')!;
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      let n = 0;
      for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
      return n;
    });
    expect(painted).toBeGreaterThan(1000);
    const fits = await inner.evaluate(() => document.documentElement.scrollHeight <= innerHeight && innerHeight === 420);
    expect(fits).toBe(true);
    expect(errors).toEqual([]);
    await host.close();
    const foreign = await open(`embed.html?src=${encodeURIComponent('https://example.org/figures/x.json')}&chart=users`);
    expect(await foreign.locator('main').innerText()).toContain('No such chart');
    await foreign.close();
  });

  it('is usable at phone width in dark mode, and its controls are reachable by keyboard', async () => {
    const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, colorScheme: 'dark', locale: 'en-GB' });
    const page = await open('index.html', phone);
    const layout = await page.evaluate(() => ({
      overflow: document.documentElement.scrollWidth - innerWidth,
      background: getComputedStyle(document.body).backgroundColor,
    }));
    expect(layout.overflow).toBeLessThanOrEqual(0);
    const [r, g, b] = layout.background.match(/\d+/g)!.map(Number);
    expect(r! + g! + b!).toBeLessThan(120); // dark, from prefers-color-scheme
    await page.screenshot({ path: path.join(ARTIFACTS, 'index-phone-dark.png'), fullPage: true });
    const reached: string[] = [];
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.textContent?.trim() ?? ''));
    }
    expect(reached).toEqual(expect.arrayContaining(['Skip to content', 'Table: the numbers of this chart', 'Download this data (CSV)', 'Permalink', 'Embed']));
    await phone.close();
  });

  it('offers the published datasets beside the pages, with checksums that match the files', async () => {
    const page = await open('data.html');
    const links = await page.locator('#downloads-table a[download]').all();
    expect(links.length).toBeGreaterThan(3);
    const sums = await (await fetch(new URL(await page.locator('a[href$="SHA256SUMS"]').getAttribute('href') ?? '', site.url))).text();
    for (const link of links) {
      const href = (await link.getAttribute('href'))!;
      const res = await fetch(new URL(href, site.url));
      expect(res.status, href).toBe(200);
      const { createHash } = await import('node:crypto');
      const sha = createHash('sha256').update(Buffer.from(await res.arrayBuffer())).digest('hex');
      expect(sums).toContain(`${sha}  ${decodeURIComponent(href.split('/').pop()!)}`);
    }
    expect(await page.locator('#citation').innerText()).toContain('CC BY 4.0');
    await page.close();
  });
});

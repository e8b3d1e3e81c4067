// The site in a real browser (Debian's Chromium), built over a census crawled from the simulated
// fediverse and served by a plain static server under a sub-path. Screenshots of every page are kept in
// test/artifacts/web/.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadOnlyDb, type ReadOnlyDb } from '../../api/db.ts';
import { activeChange, dailySeries, firstDay, latestDay, methodChanges, mondayOf, summaryForDay, sumWeeks, usersChange, weeklyJoins, weeklyJoinsByServer, weeklyJoinsBySoftware } from '../../api/metrics/index.ts';
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
    // What the summary left out, and why, under the headline (api/metrics left_out).
    const leftOut = await page.locator('#headline-left-out').innerText();
    expect(leftOut).toContain(summary.left_out.servers === 0 ? 'No server was left out of these sums' : `Left out of these sums: ${summary.left_out.servers}`);
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
      for (const [id, parts] of [['users-joined', ['users_registered', 'users_growth']], ['servers-joined', ['servers_created', 'servers_first_reached']]] as const) {
        const chart = charts.get(id)!;
        expect(chart.labels.at(-1), `${relative} ${id} ends with the week of the data`).toBe(mondayOf(dataAsOf));
        const api = sumWeeks(rows, { software, from: chart.labels[0], to: chart.labels.at(-1) });
        expect(chart.labels).toEqual(api.map((w) => w.week));
        expect(chart.series).toEqual(parts.map((part) => api.map((w) => w[part])));
        // Overall, the census holds both parts (so the stacks are exercised); one software may have only one
        // (Mastodon's servers all report activity windows: no growth of totals to count).
        if (software === null) for (const part of parts) expect(api.some((w) => (w[part] ?? 0) > 0), `${relative} ${id} ${part} has something to show`).toBe(true);
        // The axis starts where the chart's figures do, not at an earlier empty week.
        expect(parts.some((part) => (api[0]![part] ?? 0) > 0), `${relative} ${id} starts with data`).toBe(true);
      }
      const users = await dailySeries(db, { metric: 'users_total', software });
      const active = await dailySeries(db, { metric: 'users_active_month', software });
      expect(charts.get('users')).toEqual({
        id: 'users',
        labels: users.map((p) => p.day),
        legend: ['Users', 'Monthly active users'],
        series: [users.map((p) => p.value), active.map((p) => p.value)],
      });
      await page.close();
    }
  });

  it('stacks users joined from its two labelled parts in distinct colours, shading the backfill weeks', async () => {
    const page = await open('index.html');
    const chart = (await drawnCharts(page)).find((c) => c.id === 'users-joined')!;
    expect(chart.legend).toEqual(['Sign-ups reported (activity windows)', 'Growth of reported users']);
    const drawn = await page.evaluate(() => {
      const w = window as unknown as { fedicensus: { annotations(): { id: string; stacked: boolean; regions: { label: string; left: number; right: number }[] }[] } };
      return w.fedicensus.annotations().find((a) => a.id === 'users-joined')!;
    });
    expect(drawn.stacked).toBe(true);
    const colours = await page.evaluate(() => {
      const style = getComputedStyle(document.documentElement);
      return [style.getPropertyValue('--series-1').trim(), style.getPropertyValue('--series-2').trim()];
    });
    expect(new Set(colours).size).toBe(2);
    // The crawls start on CRAWL_DAYS[0]: the weeks before it hold reported sign-ups only, and are shaded as such.
    const backfill = chart.labels.filter((w) => w < mondayOf(CRAWL_DAYS[0]));
    expect(backfill.length).toBeGreaterThan(0);
    expect(drawn.regions).toHaveLength(1);
    expect(drawn.regions[0]!.label).toBe('Backfill: reported sign-ups only');
    expect(drawn.regions[0]!.right).toBeGreaterThan(drawn.regions[0]!.left);
    expect(chart.series[1]!.slice(0, backfill.length).every((v) => v === null), 'no growth before the first crawl').toBe(true);
    expect(await page.locator('#chart-users-joined figcaption').innerText()).toContain('backfill from reported sign-ups only');
    await page.close();
  });

  it('marks the method changes on every time chart: a numbered line drawn, listed under the chart', async () => {
    const changes = await methodChanges(db);
    expect(changes.some((c) => c.kind === 'first_crawl' && c.day === CRAWL_DAYS[0])).toBe(true);
    const [server] = await db.all(`SELECT domain FROM servers WHERE first_seen_ok = DATE '${CRAWL_DAYS[0]}' ORDER BY domain LIMIT 1`);
    for (const relative of ['index.html', `software/${softwareSlug(topSoftware)}.html`, `servers/${String(server!.domain)}.html`]) {
      const page = await open(relative);
      const drawn = await page.evaluate(() => (window as unknown as { fedicensus: { annotations(): { id: string; markers: { title: string; x: number }[] }[] } }).fedicensus.annotations());
      const timeCharts = (await drawnCharts(page)).filter((c) => /^\d{4}-\d{2}-\d{2}$/.test(c.labels[0] ?? ''));
      expect(timeCharts.length, relative).toBeGreaterThan(0);
      for (const chart of timeCharts) {
        const marks = drawn.find((d) => d.id === chart.id)!.markers;
        expect(marks.map((m) => m.title), `${relative} ${chart.id}`).toContain('First crawl');
        for (const m of marks) expect(Number.isFinite(m.x), `${relative} ${chart.id} ${m.title} drawn`).toBe(true);
        const listed = await page.locator(`#chart-${chart.id} .markers li`).allInnerTexts();
        expect(listed.length).toBe(marks.length);
        expect(listed.find((l) => l.includes('First crawl'))).toContain(CRAWL_DAYS[0]);
      }
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

  it('names the weeks Check a figure summed, marks the partial one, and puts the net change in reported users beside users joined', async () => {
    const [from, to] = [CRAWL_DAYS[0], CRAWL_DAYS[2]];
    const page = await open(`check.html?from=${from}&to=${to}`);
    const weeks = await page.locator('#check-weeks li').evaluateAll((lis) => lis.map((li) => ({ week: (li as HTMLElement).dataset.week, partial: li.classList.contains('partial') })));
    expect(weeks.map((w) => w.week)).toEqual((await weeklyJoins(db, { from, to })).map((w) => w.week));
    // The data end on a Monday (CRAWL_DAYS[2]): its week is partial, and only that one.
    expect(weeks.filter((w) => w.partial).map((w) => w.week)).toEqual([mondayOf(dataAsOf)]);
    expect(await page.locator('#check-span').innerText()).toContain(`summed over ${weeks.length} weeks (Monday to Sunday, UTC)`);
    const spanWeeks = await weeklyJoins(db, { from, to });
    expect((await numberOf(page, 'check-servers')).n).toBe(spanWeeks.reduce((n, w) => n + w.servers_created, 0));
    expect((await numberOf(page, 'check-servers-reached')).n).toBe(spanWeeks.reduce((n, w) => n + (w.servers_first_reached ?? 0), 0));
    expect((await numberOf(page, 'check-users-registered')).n).toBe(spanWeeks.reduce((n, w) => n + (w.users_registered ?? 0), 0));
    expect(await page.locator('#check-left-out li').first().innerText()).toMatch(/^(No server was left out|The summary of .* leaves out)/);
    // The servers behind users joined: the ten largest contributors over the same weeks, as the API breaks them down.
    const perServer = new Map<string, number>();
    for (const r of await weeklyJoinsByServer(db)) {
      if (r.week >= spanWeeks[0]!.week && r.week <= spanWeeks.at(-1)!.week) perServer.set(r.domain, (perServer.get(r.domain) ?? 0) + r.users_joined);
    }
    const top = [...perServer].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 10);
    expect(top.length).toBeGreaterThan(0);
    const listed = await page.locator('#check-top li').evaluateAll((lis) => lis.map((li) => [(li as HTMLElement).dataset.domain, Number((li as HTMLElement).dataset.users)]));
    expect(listed).toEqual(top);
    expect(await page.locator('#check-top-intro').innerText()).toMatch(/^The 10 servers that drove users joined most: together [\d,]+ of [\d,]+ \(\d+(\.\d)?%\)\.$/);
    const net = await usersChange(db, { from, to });
    expect((await numberOf(page, 'check-users-change')).n).toBe(net.change);
    expect(await page.locator('#check-why').innerText()).toContain(`over the ${net.servers_compared} servers reporting on both`);
    await page.close();
  });

  it('rejects a link it cannot answer visibly, naming each bad parameter, and cites no figure for it', async () => {
    for (const [query, says] of [
      ['software=nosuchsoftware', 'no software called “nosuchsoftware” in the census'],
      ['from=garbage', '“garbage” is not a calendar day'],
      ['to=2099-01-01', `2099-01-01 is after the latest data (${dataAsOf})`],
      [`from=${CRAWL_DAYS[2]}&to=${CRAWL_DAYS[0]}`, 'is after the end of the span'],
    ] as const) {
      const page = await open(`check.html?${query}`);
      const problems = page.locator('#check-problems');
      expect(await problems.isVisible(), query).toBe(true);
      expect(await problems.getAttribute('role')).toBe('alert');
      expect(await problems.innerText()).toContain(says);
      expect(await page.locator('#check-answer').isVisible(), query).toBe(false);
      expect(await page.locator('#check-cite').inputValue(), query).toBe('');
      await page.close();
    }
  });

  it('takes software in any letter case and cites the canonical link, never the one typed', async () => {
    const page = await open(`check.html?software=${encodeURIComponent(topSoftware.toUpperCase())}&from=${CRAWL_DAYS[1]}`);
    const canonical = `${site.url}check.html?software=${encodeURIComponent(topSoftware)}&from=${CRAWL_DAYS[1]}&to=${dataAsOf}`;
    expect(page.url()).toBe(canonical);
    expect(await page.locator('#check-software').inputValue()).toBe(topSoftware);
    expect(await page.locator('#check-permalink').getAttribute('href')).toBe(canonical);
    const sentence = await page.locator('#check-cite').inputValue();
    expect(sentence).toContain(canonical);
    expect(sentence).not.toContain(topSoftware.toUpperCase());
    await page.close();
  });

  it('confirms that "Copy the sentence" copied it', async () => {
    const clip = await browser.newContext({ locale: 'en-GB', permissions: ['clipboard-read', 'clipboard-write'] });
    const page = await open('check.html', clip);
    await page.locator('#check-copy').click();
    await page.locator('#check-copied').filter({ hasText: 'Copied' }).waitFor();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(await page.locator('#check-cite').inputValue());
    expect(copied).toMatch(/^According to fedicensus/);
    await clip.close();
  });

  it('shows the latest figures on Check a figure without JavaScript, with a note, not "Loading…"', async () => {
    const noScript = await browser.newContext({ javaScriptEnabled: false, locale: 'en-GB' });
    const page = await noScript.newPage();
    await page.goto(site.url + 'check.html');
    const text = await page.locator('#check-result').innerText();
    expect(text).not.toContain('Loading');
    expect(text).toContain('Without JavaScript this page shows only the latest figures');
    const weeks = await weeklyJoins(db, { from: (await firstDay(db))!, to: dataAsOf });
    expect((await numberOf(page, 'check-users')).n).toBe(weeks.reduce((n, w) => n + (w.users_joined ?? 0), 0));
    expect(await page.locator('#check-answer').isVisible()).toBe(true);
    await noScript.close();
  });

  it('keeps an embedded chart in the theme its snippet names, whatever the reader\'s setting', async () => {
    const dark = await browser.newContext({ colorScheme: 'dark', locale: 'en-GB' });
    const light = await browser.newContext({ colorScheme: 'light', locale: 'en-GB' });
    const background = async (ctx: BrowserContext, theme: string): Promise<number> => {
      const page = await open(`embed.html?src=figures%2Foverview.json&chart=users${theme}`, ctx);
      const rgb = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      await page.close();
      return rgb.match(/\d+/g)!.slice(0, 3).map(Number).reduce((a, b) => a + b, 0);
    };
    expect(await background(dark, '')).toBeGreaterThan(700); // light by default, in a dark reader's browser
    expect(await background(dark, '&theme=light')).toBeGreaterThan(700);
    expect(await background(light, '&theme=dark')).toBeLessThan(120);
    await dark.close();
    await light.close();
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
    expect(await inner.locator('ol.markers li').allTextContents()).toContain(`${CRAWL_DAYS[0]}: First crawl.`); // in a closed <details>
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
      // SHA256SUMS names files by their path in the version (partitions: snapshots/month=2026-11/part-0.parquet).
      const name = href.replace(/^.*?data\/[^/]+\//, '').split('/').map(decodeURIComponent).join('/');
      expect(sums).toContain(`${sha}  ${name}`);
    }
    expect(await page.locator('#citation').innerText()).toContain('CC BY 4.0');
    await page.close();
  });
});

describe('the find box in Chromium', () => {
  it('takes any spelling of a name (a URL, a handle, Unicode) to its page, and says why something is not a name', async () => {
    const [known] = await db.all(`SELECT domain FROM servers WHERE last_seen_ok IS NOT NULL ORDER BY domain LIMIT 1`);
    const domain = String(known!.domain);
    const page = await open('index.html');
    const form = page.locator('form.find-server');

    await form.locator('input[name="domain"]').fill(`https://${domain.toUpperCase()}/about`);
    await Promise.all([page.waitForURL(`**/servers/${domain}.html`), form.locator('button').click()]);

    const again = await open('index.html');
    const againForm = again.locator('form.find-server');
    await againForm.locator('input[name="domain"]').fill('social.λ.zone');
    await againForm.locator('button').click();
    // A real name the census has not read: it is looked up (under its A-labels), not refused as malformed.
    await expect.poll(() => againForm.locator('.status').textContent()).toBe('social.λ.zone has no page: the census has not read it (yet), or it opted out.');

    await againForm.locator('input[name="domain"]').fill('-odd-.example.org');
    await againForm.locator('button').click();
    await expect.poll(() => againForm.locator('.status').textContent()).toMatch(/^That is not a server name: a part between dots may neither start nor end with a hyphen/);
  });
});

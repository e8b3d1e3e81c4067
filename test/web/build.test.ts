// buildSite over a hand-built census: the files a static host needs, figures equal to the construction,
// everything a server reported escaped, the census left untouched, and the output replaced whole.
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../api/metrics/index.ts';
import { main } from '../../scripts/cli.ts';
import type { Io } from '../../scripts/command.ts';
import { buildSite } from '../../web/build.ts';
import type { CheckFile, FiguresFile } from '../../web/model.ts';
import { softwareSlug } from '../../web/slug.ts';
import { buildHandCensus, EXPECTED, HOSTILE_SOFTWARE, HOSTILE_VERSION, LATEST } from './census-fixture.ts';

let dir: string;
let dbPath: string;
let out: string;
const now = new Date('2026-11-26T04:00:00Z');

async function filesUnder(root: string): Promise<string[]> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)));
}

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-build-'));
  dbPath = path.join(dir, 'census.duckdb');
  out = path.join(dir, 'site');
  await buildHandCensus(dbPath);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('buildSite', () => {
  it('writes every page, the script, the stylesheet and the data files, leaving the census untouched', async () => {
    const before = { sha: await sha(dbPath), mtime: (await stat(dbPath)).mtimeMs };
    const result = await buildSite({ dbPath, outDir: out, now, publishDir: null });
    expect(result).toMatchObject({ dataAsOf: LATEST, software: 2, servers: 2, datasetsVersion: null });
    const files = await filesUnder(out);
    const hostile = softwareSlug(HOSTILE_SOFTWARE);
    expect(hostile).toMatch(/^img-src-x-onerror-alert-1~[0-9a-f]{12}$/);
    for (const f of [
      'index.html', 'check.html', 'methodology.html', 'data.html', 'embed.html', 'app.js', 'style.css', 'build.json',
      'software/index.html', 'software/mastodon.html', `software/${hostile}.html`,
      'servers/alpha.social.html', 'servers/beta.town.html',
      'figures/overview.json', 'figures/overview-users-joined.csv', 'figures/check.json', 'figures/servers/alpha.social.json',
    ]) {
      expect(files).toContain(f);
    }
    // Only servers with a snapshot get a page; the opted-out one appears nowhere.
    expect(files.filter((f) => f.startsWith('servers/')).sort()).toEqual(['servers/alpha.social.html', 'servers/beta.town.html']);
    expect(files.join('\n')).not.toMatch(/gamma\.zone|optout\.site/);
    expect({ sha: await sha(dbPath), mtime: (await stat(dbPath)).mtimeMs }).toEqual(before);
    expect(await stat(`${dbPath}.wal`).catch(() => null)).toBeNull();
  });

  it('lists every software on the Software index with its servers and latest users_total', async () => {
    await buildSite({ dbPath, outDir: out, now, publishDir: null });
    const index = await readFile(path.join(out, 'software', 'index.html'), 'utf8');
    const rows = [...index.matchAll(/<a href="([^"]+)\.html">[^<]*<\/a><\/th><td class="n" data-n="(\d+)">\d+<\/td><td class="n" data-n="(\d+)">/g)]
      .map(([, slug, servers, users]) => [decodeURIComponent(slug!), Number(servers), Number(users)]);
    expect(rows.sort()).toEqual([[softwareSlug(HOSTILE_SOFTWARE), 1, 60], ['mastodon', 1, 1010]].sort());
    expect(rows.reduce((n, r) => n + (r[2] as number), 0)).toBe(EXPECTED.users);
  });

  it('shows the figures the census holds for the latest day', async () => {
    const index = await readFile(path.join(out, 'index.html'), 'utf8');
    expect(index).toContain(`id="headline-servers" data-n="${EXPECTED.servers}"`);
    expect(index).toContain(`id="headline-users" data-n="${EXPECTED.users}"`);
    expect(index).toContain(`id="headline-active" data-n="${EXPECTED.active}"`);
    expect(index).toMatch(new RegExp(`data-n="${EXPECTED.ok}">${EXPECTED.ok}</span> servers reached of <span data-n="${EXPECTED.known}"`));
    const overview = JSON.parse(await readFile(path.join(out, 'figures/overview.json'), 'utf8')) as FiguresFile;
    // Stacked: alpha.social's activity windows (12, then 7) and beta.town's growth (60 - 50, none before the first
    // crawl); the week before the first crawl (2026-11-24) is shaded as backfill, and the first crawl is marked.
    expect(overview.charts['users-joined']).toMatchObject({
      labels: ['2026-11-16', '2026-11-23'],
      stacked: true,
      series: [{ name: 'users_registered', values: [12, 7] }, { name: 'users_growth', values: [null, 10] }],
      regions: [{ from: 0, to: 0, label: 'Backfill: reported sign-ups only' }],
      markers: [{ at: 1, day: '2026-11-24', kind: 'first_crawl', title: 'First crawl' }],
    });
    expect(await readFile(path.join(out, 'figures/overview-users-joined.csv'), 'utf8')).toBe(
      'week,users_registered,users_growth\r\n2026-11-16,12,\r\n2026-11-23,7,10\r\n',
    );
    // Only alpha.social exposes a creation time (2022-11-05): created then, both first reached in the week of 2026-11-23.
    const servers = overview.charts['servers-joined']!;
    expect(servers.series.map((s) => s.name)).toEqual(['servers_created', 'servers_first_reached']);
    expect(servers.labels[0]).toBe('2022-10-31');
    expect(servers.series[0]!.values[0]).toBe(1);
    expect(servers.series[1]!.values.at(-1)).toBe(2);
    // The daily chart marks the first crawl on its day.
    expect(overview.charts['users']!.markers).toEqual([expect.objectContaining({ at: 0, kind: 'first_crawl' })]);
    const check = JSON.parse(await readFile(path.join(out, 'figures/check.json'), 'utf8')) as CheckFile;
    expect(check.coverage).toEqual([['2026-11-24', 3, 2, 2, 0], ['2026-11-25', 3, 3, 2, 1]]);
    expect(check.software.map((s) => s.name).sort()).toEqual([HOSTILE_SOFTWARE, 'mastodon'].sort());
  });

  it('writes the latest figures into Check a figure, so it reads without JavaScript', async () => {
    const page = await readFile(path.join(out, 'check.html'), 'utf8');
    expect(page).not.toContain('Loading');
    expect(page).toContain('Without JavaScript this page shows only the latest figures: all fediverse servers in the census, from 2026-11-24 to 2026-11-25');
    // The week of 2026-11-23: alpha.social's window (7) and beta.town's growth (60 - 50); the data end on a Wednesday.
    expect(page).toContain('<dd id="check-users" data-n="17">17</dd>');
    expect(page).toContain('<li data-week="2026-11-23" class="partial">2026-11-23 to 2026-11-29 (partial: the data end on 2026-11-25)</li>');
    expect(page).toContain('<a id="check-permalink" href="check.html?from=2026-11-24&amp;to=2026-11-25">');
  });

  it('escapes every name a server reported, in every page', async () => {
    for (const f of (await filesUnder(out)).filter((f) => f.endsWith('.html'))) {
      const page = await readFile(path.join(out, f), 'utf8');
      expect(page, f).not.toContain('<img src=x');
      expect(page, f).not.toContain('<script>alert');
      // app.js, nothing else (JSON-LD is data, not script; the redirect page at data/ runs nothing).
      expect(page.match(/<script\b(?![^>]*application\/ld\+json)/g)?.length ?? 0, f).toBe(f === 'data/index.html' ? 0 : 1);
    }
    const server = await readFile(path.join(out, 'servers/beta.town.html'), 'utf8');
    expect(server).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(server).toContain('&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(server).toContain('<code>users_active_month:negative</code>');
    expect(HOSTILE_VERSION).toContain('<script>');
  });

  it('renders the methodology from the document, listing any API definition it lacks', async () => {
    const doc = path.join(dir, 'methodology.md');
    await writeFile(doc, `# Methodology\n\n## Servers\n\n${DEFINITIONS.servers}\n\n- one\n- two\n`);
    const site = path.join(dir, 'site-methodology');
    await buildSite({ dbPath, outDir: site, now, publishDir: null, methodologyPath: doc });
    const page = await readFile(path.join(site, 'methodology.html'), 'utf8');
    expect(page).toContain('<h2 id="servers">Servers</h2>');
    expect(page).toContain('<ul><li>one</li><li>two</li></ul>');
    expect(page).not.toContain('id="def-servers"'); // in the document already
    expect(page).toContain('id="def-users_joined"');
    expect(page).toContain('id="def-weeks"');
    expect(page.match(/<h1\b/g)).toHaveLength(1); // the document's title gives way to the page's
    for (const id of ['how-the-crawler-behaves', 'what-is-left-out-and-why', 'how-to-opt-out']) expect(page).toContain(`id="${id}"`);
  });

  it('replaces the output whole, and leaves the previous site in place when a build fails', async () => {
    const site = path.join(dir, 'site-atomic');
    await mkdir(site, { recursive: true });
    await writeFile(path.join(site, 'stale.html'), 'old');
    await buildSite({ dbPath, outDir: site, now, publishDir: null });
    expect(await stat(path.join(site, 'stale.html')).catch(() => null)).toBeNull();
    const index = await readFile(path.join(site, 'index.html'), 'utf8');
    await expect(buildSite({ dbPath: path.join(dir, 'missing.duckdb'), outDir: site, now, publishDir: null })).rejects.toThrow(/no census database/);
    expect(await readFile(path.join(site, 'index.html'), 'utf8')).toBe(index);
    expect((await readdir(dir)).filter((n) => n.includes('.tmp-'))).toEqual([]);
  });

  it('runs as `fedicensus build-site`, naming a bad flag with exit code 2', async () => {
    const written: string[] = [];
    const sink = { write: (s: string) => written.push(s) > 0 } as unknown as NodeJS.WritableStream;
    const io: Io = { stdout: sink, stderr: sink, env: {}, now: () => now };
    const site = path.join(dir, 'site-cli');
    expect(await main(['build-site', '--db', dbPath, '--out', site, '--publish-dir', path.join(dir, 'none')], io)).toBe(0);
    expect(written.join('')).toMatch(/site written to .*data as of 2026-11-25, 2 software pages, 2 server pages/);
    expect(await main(['build-site', '--bogus'], io)).toBe(2);
    written.length = 0;
    const badUrl: Io = { ...io, env: { FEDICENSUS_PUBLIC_URL: 'ftp://census.example/' } };
    expect(await main(['build-site', '--db', dbPath, '--out', site], badUrl)).toBe(2);
    expect(written.join('')).toContain('FEDICENSUS_PUBLIC_URL: must be an http(s) URL');
  });
});

// Names a server controls (software, version, domain) cannot overwrite the site's own pages nor escape
// their folder (issue #12: a server reporting the software `index` replaced software/index.html).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCensusForWriting } from '../../crawler/store/db.ts';
import { buildSite } from '../../web/build.ts';
import { SiteWriter } from '../../web/write.ts';
import { serverSlug, softwareSlug } from '../../web/slug.ts';
import { buildHandCensus, LATEST } from './census-fixture.ts';

const LONG = 'x'.repeat(300);
// Each becomes one server's software (and version) on LATEST.
const HOSTILE_SOFTWARE = ['index', '../x', 'data', '.', '..', 'Ünïcødé-軟件', LONG, 'index.html', 'a/../../index', 'INDEX'];
// A valid 253-character name (four 62-letter labels and a TLD): its files would pass NAME_MAX.
const LONG_DOMAIN = `${'a'.repeat(62)}.${'b'.repeat(62)}.${'c'.repeat(62)}.${'d'.repeat(62)}.xy`;

// Strings meant to run in a spreadsheet (OWASP "CSV Injection"): reported as versions of one software.
const FORMULAS = ['=HYPERLINK("https://evil.example","x")', '+SUM(1,2)', '-2+3', '@cmd', '\tx', '\r=1'];
const FORMULA_SOFTWARE = 'sheet';

const q = (s: string): string => `'${s.replaceAll("'", "''")}'`;

let dir: string;
let out: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-hostile-names-'));
  const dbPath = path.join(dir, 'census.duckdb');
  out = path.join(dir, 'site');
  await buildHandCensus(dbPath);
  const domains = HOSTILE_SOFTWARE.map((_, i) => `h${i}.example`);
  const rows = HOSTILE_SOFTWARE.map((software, i) => ({ domain: domains[i]!, software, version: `../${software}` }));
  rows.push({ domain: LONG_DOMAIN, software: 'mastodon', version: '4.3.0' });
  FORMULAS.forEach((version, i) => rows.push({ domain: `f${i}.example`, software: FORMULA_SOFTWARE, version }));
  const db = await openCensusForWriting(dbPath);
  try {
    for (const r of rows) {
      await db.connection.run(
        `INSERT INTO servers (domain, first_seen, first_seen_ok, last_seen_ok, last_attempt, status, software, version, consecutive_failures)
         VALUES (${q(r.domain)}, DATE '${LATEST}', DATE '${LATEST}', DATE '${LATEST}', DATE '${LATEST}', 'ok', ${q(r.software)}, ${q(r.version)}, 0);
         INSERT INTO attempts (day, domain, status, requests, crawled_at, run_id) VALUES (DATE '${LATEST}', ${q(r.domain)}, 'ok', 3, TIMESTAMP '${LATEST} 03:00:00', 2);
         INSERT INTO snapshots (day, domain, software, version, users_total, sources, crawled_at)
         VALUES (DATE '${LATEST}', ${q(r.domain)}, ${q(r.software)}, ${q(r.version)}, 7, 'nodeinfo-2.0', TIMESTAMP '${LATEST} 03:00:00')`,
      );
    }
  } finally {
    db.close();
  }
  await buildSite({ dbPath, outDir: out, now: new Date(`${LATEST}T12:00:00Z`), publishDir: null });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('file names from what servers report', () => {
  it('maps software `index` (and every other odd name) away from the site\'s own pages', () => {
    expect(softwareSlug('index')).not.toBe('index');
    expect(softwareSlug('index')).toMatch(/^index~[0-9a-f]{12}$/);
    const slugs = HOSTILE_SOFTWARE.map(softwareSlug);
    expect(new Set(slugs).size).toBe(slugs.length);
    for (const slug of slugs) {
      expect(slug).toMatch(/^[a-z0-9][a-z0-9_-]{0,62}$|^[a-z0-9-]*~[0-9a-f]{12}$/);
      expect(slug.length).toBeLessThanOrEqual(60);
    }
  });

  it('keeps the software list at software/index.html and gives each hostile software its own page', async () => {
    const list = await readFile(path.join(out, 'software', 'index.html'), 'utf8');
    for (const software of ['mastodon', 'index', 'data']) expect(list).toContain(`>${software}</a>`);
    const pages = await readdir(path.join(out, 'software'));
    for (const software of HOSTILE_SOFTWARE) expect(pages).toContain(`${softwareSlug(software)}.html`);
    const own = await readFile(path.join(out, 'software', `${softwareSlug('index')}.html`), 'utf8');
    expect(own).toContain('h0.example');
  });

  it('writes nothing outside the site folder and no file name longer than 255 bytes', async () => {
    const entries = await readdir(dir, { recursive: true });
    const outside = entries.filter((e) => !e.startsWith('site') && !e.startsWith('census.duckdb'));
    expect(outside).toEqual([]);
    const inside = await readdir(out, { recursive: true });
    for (const entry of inside) expect(Buffer.byteLength(path.basename(entry)), entry).toBeLessThanOrEqual(255);
    expect(inside.some((e) => e.includes('..'))).toBe(false);
  });

  it('gives no page to a domain whose file names would not fit, and the build still completes', async () => {
    expect(serverSlug(LONG_DOMAIN)).toBeNull();
    expect(await readdir(path.join(out, 'servers'))).toContain('h0.example.html');
  });

  it('neutralises cells a spreadsheet would run as formulas in the chart and listing CSV downloads', async () => {
    const versions = await readFile(path.join(out, 'figures', 'software', `${FORMULA_SOFTWARE}-versions.csv`), 'utf8');
    const listing = await readFile(path.join(out, 'figures', 'software', `${FORMULA_SOFTWARE}-servers.csv`), 'utf8');
    for (const csv of [versions, listing]) {
      // Every cell of every line: none starts with a formula character, quoted or not.
      const cells = csv.split('\r\n').flatMap((line) => line.split(','));
      for (const cell of cells) expect(cell, cell).not.toMatch(/^"?[=+\-@\t\r]/);
      expect(csv).toContain(`"'=HYPERLINK(""https://evil.example""`);
      expect(csv).toContain(`"'+SUM(1`);
      expect(csv).toContain(`"'-2+3"`);
    }
  });

  it('refuses to write one file twice in a build rather than replace a page', async () => {
    const writer = new SiteWriter(path.join(dir, 'twice'));
    await writer.write('software/index.html', 'the list');
    await expect(writer.write('software/index.html', 'a server page')).rejects.toThrow(/twice/);
  });
});

// The data page as dataset search engines and people reach it: the schema.org Dataset (JSON-LD) in the built
// page, checked against the files it names; /data/ and /data/latest/ leading to one page and the newest files,
// on `fedicensus serve` and on a static host alike.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { createApp, prepareSnapshot, warmSnapshot } from '../../api/app.ts';
import { CensusSource } from '../../api/census-source.ts';
import { readVersion, type PublishedVersion } from '../../api/publish/catalog.ts';
import { jsonLdScriptText } from '../../api/publish/jsonld.ts';
import { publishCensus } from '../../api/publish/publish.ts';
import { buildSite } from '../../web/build.ts';
import { noTimers, silent } from '../api/harness.ts';
import { buildHandCensus, LATEST } from './census-fixture.ts';

const SITE_URL = 'https://census.example/';
let dir: string;
let dbPath: string;
let publishDir: string;
let version: PublishedVersion;
let out: string;

const sha = async (file: string): Promise<string> => createHash('sha256').update(await readFile(file)).digest('hex');

/** Every JSON-LD block of a page, parsed. */
function jsonLdOf(page: string): Record<string, unknown>[] {
  return [...page.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map((m) => JSON.parse(m[1]!));
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-datapage-'));
  dbPath = path.join(dir, 'census.duckdb');
  publishDir = path.join(dir, 'published');
  out = path.join(dir, 'site');
  await buildHandCensus(dbPath);
  const published = await publishCensus({ dbPath, publishDir, now: new Date('2026-11-26T03:00:00Z'), siteUrl: SITE_URL });
  version = (await readVersion(publishDir, published.version))!;
  await buildSite({ dbPath, outDir: out, now: new Date('2026-11-26T04:00:00Z'), publishDir, siteUrl: SITE_URL });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the data page JSON-LD', () => {
  it('describes the census as a schema.org Dataset with licence, coverage, creator, publisher and citation', async () => {
    const [dataset, ...others] = jsonLdOf(await readFile(path.join(out, 'data.html'), 'utf8'));
    expect(others).toEqual([]);
    expect(dataset).toMatchObject({
      '@type': 'sc:Dataset',
      '@context': { '@vocab': 'https://schema.org/', sc: 'https://schema.org/', cr: 'http://mlcommons.org/croissant/' },
      conformsTo: 'http://mlcommons.org/croissant/1.0',
      name: expect.stringContaining('fedicensus'),
      url: `${SITE_URL}data.html`,
      license: 'https://creativecommons.org/licenses/by/4.0/',
      version: version.version,
      temporalCoverage: `2026-11-24/${LATEST}`,
      creator: { '@type': 'Organization', name: 'fedicensus contributors' },
      publisher: { '@type': 'Organization', name: 'fedicensus contributors' },
    });
    expect(String(dataset!.description).length).toBeGreaterThan(50);
    expect(dataset!.citation).toContain(`data as of ${LATEST}, version ${version.version}`);
  });

  it('lists every data file with its URL, media type and the SHA-256 of the file that URL serves', async () => {
    const [dataset] = jsonLdOf(await readFile(path.join(out, 'data.html'), 'utf8'));
    const distribution = dataset!.distribution as Record<string, string>[];
    const dataFiles = version.manifest.files.filter((f) => f.rows !== null);
    expect(distribution.map((d) => d.name).sort()).toEqual(dataFiles.map((f) => f.name).sort());
    // servers whole, the growing tables by month (docs/datasets.md), in CSV and Parquet, plus weekly_joins and
    // method_changes (CSV).
    expect(dataFiles.map((f) => f.name)).toEqual(expect.arrayContaining(['servers.csv', 'servers.parquet', 'weekly_joins.csv', 'method_changes.csv']));
    expect(dataFiles.some((f) => /^snapshots\/month=\d{4}-\d{2}\/part-[\d-]+\.parquet$/.test(f.name))).toBe(true);
    expect(dataFiles.some((f) => /^csv\/snapshots\/month=\d{4}-\d{2}\/part-[\d-]+\.csv\.gz$/.test(f.name))).toBe(true);
    for (const d of distribution) {
      expect(d['@type']).toBe('cr:FileObject');
      expect(d.contentUrl).toBe(`${SITE_URL}data/${version.version}/${d.name}`);
      expect(d.encodingFormat).toBe(d.name!.endsWith('.csv') ? 'text/csv' : d.name!.endsWith('.gz') ? 'application/gzip' : 'application/vnd.apache.parquet');
      // The file the site holds at that URL.
      const local = path.join(out, decodeURIComponent(new URL(d.contentUrl!).pathname));
      expect(d.sha256).toBe(await sha(local));
      expect(d.contentSize).toBe(`${version.manifest.files.find((f) => f.name === d.name)!.bytes} B`);
    }
  });

  it('without a public URL, links files relative to the page, still to the files it names', async () => {
    const bare = path.join(dir, 'bare-site');
    await buildSite({ dbPath, outDir: bare, now: new Date('2026-11-26T04:00:00Z'), publishDir });
    const [dataset] = jsonLdOf(await readFile(path.join(bare, 'data.html'), 'utf8'));
    expect(dataset).not.toHaveProperty('url');
    for (const d of dataset!.distribution as Record<string, string>[]) {
      const resolved = new URL(d.contentUrl!, 'https://anywhere.example/site/data.html');
      expect(resolved.pathname.startsWith(`/site/data/${version.version}/`)).toBe(true);
      expect(d.sha256).toBe(await sha(path.join(bare, decodeURIComponent(resolved.pathname.slice('/site/'.length)))));
    }
  });

  it('cannot be closed early by a value: < is written as \\u003c, and reads back unchanged', () => {
    const value = { name: '</script><script>alert(1)</script><!--' };
    const text = jsonLdScriptText(value);
    expect(text).not.toContain('<');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('one data page, and the newest files under data/latest/', () => {
  it('on a static host: data/ leads to the data page, data/latest/ holds the current files', async () => {
    const index = await readFile(path.join(out, 'data', 'index.html'), 'utf8');
    expect(index).toContain('content="0; url=../data.html"');
    for (const f of version.manifest.files) {
      expect(await sha(path.join(out, 'data', 'latest', f.name))).toBe(f.sha256);
    }
  });

  it('on fedicensus serve: /data/ redirects to the site page, /data/latest/ to the current version, which answers', async () => {
    const source = await CensusSource.start({ publishDir: null, dbPath, logger: silent, timers: noTimers, warm: warmSnapshot, prepare: prepareSnapshot });
    try {
      const app = createApp({ source, logger: silent, publishDir, siteDir: out });
      const data = await app.request('/data/');
      expect(data.status).toBe(302);
      expect(data.headers.get('location')).toBe('/data.html');
      const page = await (await app.request('/data.html')).text();
      expect(page).toContain('<nav aria-label="Site">');
      expect(jsonLdOf(page)).toHaveLength(1);
      const latest = await app.request('/data/latest/');
      expect(latest.status).toBe(302);
      expect(latest.headers.get('location')).toBe(`/data/${version.version}/`);
      const listing = await app.request(`/data/${version.version}/`);
      expect(listing.status).toBe(200);
      const html = await listing.text();
      for (const f of version.manifest.files) expect(html).toContain(f.sha256);
      expect((await app.request('/data/latest')).headers.get('location')).toBe('/data/latest/');
    } finally {
      await source.close();
    }
  });

  it('CITATION.cff carries the data page URL and the fields CFF 1.2 and a dataset citation need', async () => {
    const cff = parseYaml(await readFile(path.join(version.datasetsDir, 'CITATION.cff'), 'utf8'));
    expect(cff).toMatchObject({
      'cff-version': '1.2.0',
      type: 'dataset',
      url: `${SITE_URL}data.html`,
      'repository-code': 'https://github.com/fedicensus/fedicensus',
      license: 'CC-BY-4.0',
      version: version.version,
      'date-released': '2026-11-26',
    });
    // CFF 1.2.0's keys (https://github.com/citation-file-format/citation-file-format/blob/1.2.0/schema.json,
    // additionalProperties: false) and the patterns of the ones written here.
    const keys = ['abstract', 'authors', 'cff-version', 'commit', 'contact', 'date-released', 'doi', 'identifiers', 'keywords',
      'license', 'license-url', 'message', 'preferred-citation', 'references', 'repository', 'repository-artifact',
      'repository-code', 'title', 'type', 'url', 'version'];
    for (const key of Object.keys(cff)) expect(keys, key).toContain(key);
    for (const key of ['cff-version', 'message', 'title', 'authors']) expect(cff, key).toHaveProperty(key);
    expect(cff['date-released']).toMatch(/^[0-9]{4}-(0[1-9]|1[012])-(0[1-9]|[12][0-9]|3[01])$/);
    for (const key of ['url', 'repository-code']) expect(cff[key]).toMatch(/^(https|http|ftp|sftp):\/\/.+/);
    expect(cff.message).toMatch(/cite/);
    expect(cff.title).toContain(LATEST);
    expect(cff.authors).toEqual([{ name: 'fedicensus contributors' }]);
  });
});

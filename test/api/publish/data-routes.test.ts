// api/routes/data.ts, tested here with the publishing it serves (test/api/publish/ is where the fixture lives).
import { createHash } from 'node:crypto';
import { gunzipSync } from 'node:zlib';
import { readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DataIndex } from '../../../api/publish/listing.ts';
import { publishCensus, type PublishResult } from '../../../api/publish/publish.ts';
import { dataRoutes } from '../../../api/routes/data.ts';
import { buildCensus, DATA_AS_OF, tempDir, writeToCensus } from './census-fixture.ts';

let root: string;
let publishDir: string;
let older: PublishResult;
let current: PublishResult;
let app: ReturnType<typeof dataRoutes>;

beforeAll(async () => {
  root = await tempDir('routes');
  const dbPath = path.join(root, 'census.duckdb');
  publishDir = path.join(root, 'published');
  await buildCensus(dbPath);
  older = await publishCensus({ dbPath, publishDir, now: new Date('2026-11-25T03:00:00Z') });
  await writeToCensus(dbPath, `DELETE FROM weekly_activity WHERE week = '2026-11-16'`);
  current = await publishCensus({ dbPath, publishDir, now: new Date('2026-11-26T03:12:00Z') });
  // Not part of any export: must never be served.
  await writeFile(path.join(publishDir, current.current.version, 'datasets', 'secret.txt'), 'no');
  app = dataRoutes({ publishDir });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const datasetFile = (r: PublishResult, name: string): string => path.join(publishDir, r.current.datasets, ...name.split('/'));
// Partition files: the growing tables are published by month (api/publish/partitions.ts).
const SNAPSHOTS_CSV = 'csv/snapshots/month=2026-11/part-2026-11-24.csv.gz';
const SNAPSHOTS_PARQUET = 'snapshots/month=2026-11/part-2026-11-24.parquet';
const WEEKLY_CSV = 'csv/weekly_activity/month=2026-11/part-0.csv.gz';

describe('dataRoutes', () => {
  it('lists the current version with data-as-of, files, sizes, checksums, licence, citation and older versions', async () => {
    const res = await app.request('/data/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const { version } = current.current;
    expect(html).toContain(`Data as of <strong>${DATA_AS_OF}</strong>`);
    expect(html).toContain(`<code>${version}</code>`);
    for (const f of current.export.manifest.files) {
      expect(html).toContain(`href="/data/${version}/${f.name}"`);
      expect(html).toContain(f.sha256);
    }
    expect(html).toContain('https://creativecommons.org/licenses/by/4.0/');
    expect(html).toContain('How to cite');
    expect(html).toContain(`href="/data/${older.current.version}/${SNAPSHOTS_CSV}"`);
    expect((await app.request('/data')).headers.get('location')).toBe('/data/');
    // The same schema.org Dataset as the site's data page (web/pages/data.ts), for an API served without a site.
    const jsonLd = JSON.parse(html.match(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/)![1]!);
    expect(jsonLd).toMatchObject({ '@type': 'sc:Dataset', version, license: 'https://creativecommons.org/licenses/by/4.0/' });
    const csv = current.export.manifest.files.find((f) => f.name === SNAPSHOTS_CSV)!;
    expect(jsonLd.distribution).toContainEqual(expect.objectContaining({ contentUrl: `/data/${version}/${SNAPSHOTS_CSV}`, sha256: csv.sha256 }));
  });

  it('leads /data/ to the site\'s data page when a site is served: one data page', async () => {
    const withSite = dataRoutes({ publishDir, sitePage: '/data.html' });
    const res = await withSite.request('/data/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/data.html');
  });

  it('answers /data/latest/ with the current version\'s index, and each version\'s index its files', async () => {
    const res = await app.request('/data/latest/');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/data/${current.current.version}/`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    for (const [r, label] of [[current, '(current)'], [older, '']] as const) {
      const index = await app.request(`/data/${r.current.version}/`);
      expect(index.status).toBe(200);
      const html = await index.text();
      for (const f of r.export.manifest.files) expect(html).toContain(`href="/data/${r.current.version}/${f.name}"`);
      if (label) expect(html).toContain(label);
      else expect(html).not.toContain('(current)');
    }
    expect((await app.request('/data/2026-11-26T0312Z-00000000/')).status).toBe(404);
    expect((await app.request('/data/nope/')).status).toBe(404);
  });

  it('serves a machine-readable index', async () => {
    const res = await app.request('/data/index.json');
    expect(res.status).toBe(200);
    const index = (await res.json()) as DataIndex;
    expect(index.current).toMatchObject({ version: current.current.version, dataAsOf: DATA_AS_OF, latest: '/data/latest/' });
    expect(index.license.id).toBe('CC-BY-4.0');
    expect(index.versions.map((v) => [v.version, v.current])).toEqual([
      [current.current.version, true],
      [older.current.version, false],
    ]);
    const weekly = index.versions[0]!.files.find((f) => f.name === WEEKLY_CSV);
    expect(weekly).toMatchObject({ rows: 1, url: `/data/${current.current.version}/${WEEKLY_CSV}` });
  });

  it('redirects /data/latest/<file> to the current version, briefly cached', async () => {
    const res = await app.request(`/data/latest/${SNAPSHOTS_PARQUET}`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe(`/data/${current.current.version}/snapshots/month=2026-11/part-2026-11-24.parquet`);
    expect((await app.request(res.headers.get('location')!)).status).toBe(200);
    expect((await app.request('/data/latest/servers.csv')).headers.get('location')).toBe(`/data/${current.current.version}/servers.csv`);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
  });

  it('serves versioned files byte for byte, immutable, with content types', async () => {
    const { version } = current.current;
    const types: Record<string, RegExp> = {
      'servers.csv': /^text\/csv/,
      [SNAPSHOTS_CSV]: /^application\/gzip$/,
      [SNAPSHOTS_PARQUET]: /^application\/vnd\.apache\.parquet$/,
      'datapackage.json': /^application\/json/,
      'DATA-DICTIONARY.md': /^text\/markdown/,
      'CITATION.cff': /^application\/yaml/,
      'SHA256SUMS': /^text\/plain/,
      'manifest.json': /^application\/json/,
    };
    for (const [name, type] of Object.entries(types)) {
      const res = await app.request(`/data/${version}/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.headers.get('content-type'), name).toMatch(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      const body = Buffer.from(await res.arrayBuffer());
      expect(body.equals(await readFile(datasetFile(current, name))), name).toBe(true);
    }
    const csv = await app.request(`/data/${version}/${SNAPSHOTS_CSV}`);
    const sha = current.export.manifest.files.find((f) => f.name === SNAPSHOTS_CSV)!.sha256;
    expect(csv.headers.get('etag')).toBe(`"${sha}"`);
    expect(createHash('sha256').update(Buffer.from(await csv.arrayBuffer())).digest('hex')).toBe(sha);
    const again = await app.request(`/data/${version}/${SNAPSHOTS_CSV}`, { headers: { 'If-None-Match': `"${sha}"` } });
    expect(again.status).toBe(304);
    const listed = await app.request(`/data/${version}/${SNAPSHOTS_CSV}`, { headers: { 'If-None-Match': `"other", W/"${sha}"` } });
    expect(listed.status).toBe(304);
    const head = await app.request(`/data/${version}/${SNAPSHOTS_PARQUET}`, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String((await readFile(datasetFile(current, SNAPSHOTS_PARQUET))).length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('still serves an older kept version, with its own contents', async () => {
    const res = await app.request(`/data/${older.current.version}/${WEEKLY_CSV}`);
    expect(res.status).toBe(200);
    const text = gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8');
    expect(text.trim().split('\n')).toHaveLength(3); // header + 2 rows; the current one has 1
  });

  it('refuses traversal and anything not in a manifest with a JSON 404', async () => {
    const { version } = current.current;
    const attempts = [
      '/data/latest/..%2Fcurrent.json',
      '/data/latest/..%2F..%2Fcensus.duckdb',
      `/data/${version}/..%2Fcensus.duckdb`,
      `/data/${version}/secret.txt`,
      `/data/${version}/%2E%2E%2F%2E%2E%2Fcurrent.json`,
      '/data/..%2Fpublished/current.json',
      '/data/2026-11-26T0312Z-00000000/snapshots.csv',
      '/data/latest/nope.csv',
      '/data/a/b/c',
      `/data/${version}/snapshots/month=2026-11/..%2F..%2F..%2Fcensus.duckdb`,
      `/data/${version}/snapshots/../../census.duckdb`,
      `/data/${version}/partitions.json`,
      `/data/${version}/snapshots`,
    ];
    for (const url of attempts) {
      const res = await app.request(url);
      expect(res.status, url).toBe(404);
      expect(res.headers.get('content-type'), url).toBe('application/problem+json');
      expect(((await res.json()) as { type: string }).type).toBe('/api/docs#problem-not-found');
    }
  });

  it('says nothing is published yet when there is no current.json', async () => {
    const empty = dataRoutes({ publishDir: path.join(root, 'nothing-here') });
    expect(await (await empty.request('/data/')).text()).toContain('Nothing has been published yet');
    expect(((await (await empty.request('/data/index.json')).json()) as DataIndex).current).toBeNull();
    expect((await empty.request('/data/latest/snapshots.csv')).status).toBe(404);
  });
});

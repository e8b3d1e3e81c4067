import { gunzipSync } from 'node:zlib';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256File } from '../../../api/publish/checksum.ts';
import { PUBLISHED_TABLES } from '../../../api/publish/columns.ts';
import { dataPackage, MEDIA_TYPES, PROFILES } from '../../../api/publish/datapackage.ts';
import { exportCensus } from '../../../api/publish/export.ts';
import type { WrittenTableFile } from '../../../api/publish/metadata.ts';
import { dataPackageErrors } from '../../fixtures/datapackage/validate.ts';
import { buildCensus, query, sqlPath, tempDir } from './census-fixture.ts';

const NOW = new Date('2026-11-26T03:12:45.000Z');
let root: string;
let out: string;

beforeAll(async () => {
  root = await tempDir('datapackage');
  const dbPath = path.join(root, 'census.duckdb');
  await buildCensus(dbPath);
  out = path.join(root, 'export');
  await exportCensus({ dbPath, outDir: out, format: 'both', now: NOW, homepage: 'https://census.example/data.html' });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('datapackage.json, Frictionless Data Package v2', () => {
  it('passes the official v2 JSON Schema', async () => {
    const pkg = JSON.parse(await readFile(path.join(out, 'datapackage.json'), 'utf8'));
    expect(dataPackageErrors(pkg)).toEqual([]);
  });

  it('is checked by a validator that rejects what v2 forbids', () => {
    // The check above would prove nothing if the validator accepted anything.
    const v2 = (resources: unknown[], extra: object = {}) => ({ $schema: PROFILES.package, ...extra, resources });
    expect(dataPackageErrors(v2([{ name: 'x', path: 'x.csv' }]))).toEqual([]);
    expect(dataPackageErrors(v2([]))).not.toEqual([]);
    expect(dataPackageErrors(v2([{ name: 'x', path: '../outside.csv' }]))).not.toEqual([]);
    expect(dataPackageErrors(v2([{ name: 'x', path: 'x.csv', type: 'tabular-data-resource' }]))).not.toEqual([]);
    expect(dataPackageErrors(v2([{ name: 'x', path: 'x.csv', hash: 'not hex' }]))).not.toEqual([]);
    expect(dataPackageErrors(v2([{ name: 'x', path: 'x.csv', schema: { fields: [{ name: 'n', type: 'integer', format: 'odd' }] } }]))).not.toEqual([]);
    // What the v1 export wrote: a tabular-data-package holding Parquet data-resources, no $schema.
    expect(dataPackageErrors({ profile: 'tabular-data-package', resources: [{ name: 'x', path: 'x.parquet', profile: 'data-resource' }] })).toHaveLength(3);
  });

  it('names v2 profiles and describes CSV and Parquet alike as tables with the same schema', async () => {
    const pkg = JSON.parse(await readFile(path.join(out, 'datapackage.json'), 'utf8'));
    expect(pkg.$schema).toBe(PROFILES.package);
    expect(pkg).not.toHaveProperty('profile');
    expect(pkg.homepage).toBe('https://census.example/data.html');
    expect(pkg.contributors).toEqual([{ title: 'fedicensus contributors', roles: ['creator'] }]);
    expect(pkg.resources).toHaveLength(PUBLISHED_TABLES.length * 2);
    for (const resource of pkg.resources) {
      expect(resource).toMatchObject({ $schema: PROFILES.resource, type: 'table', mediatype: MEDIA_TYPES[resource.format as 'csv' | 'parquet'] });
      expect(resource).not.toHaveProperty('profile');
      expect(resource.schema.$schema).toBe(PROFILES.schema);
      // A table partitioned by month (api/publish/partitions.ts) is one resource with a list of paths.
      const paths: string[] = Array.isArray(resource.path) ? resource.path : [resource.path];
      if (paths.length === 1) expect(resource.hash).toBe(`sha256:${await sha256File(path.join(out, paths[0]!))}`);
      for (const p of paths) {
        const bytes = await readFile(path.join(out, ...p.split('/')));
        const columns = resource.format === 'csv'
          ? (p.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').split('\n')[0]!.split(',')
          : (await query(`DESCRIBE SELECT * FROM read_parquet(${sqlPath(path.join(out, ...p.split('/')))}, hive_partitioning = false)`)).map((r) => r.column_name);
        expect(resource.schema.fields.map((f: { name: string }) => f.name)).toEqual(columns);
      }
    }
    const csv = pkg.resources.find((r: { name: string }) => r.name === 'snapshots-csv');
    const parquet = pkg.resources.find((r: { name: string }) => r.name === 'snapshots-parquet');
    expect(parquet.schema).toEqual(csv.schema.foreignKeys ? { ...csv.schema, foreignKeys: [{ fields: ['domain'], reference: { resource: 'servers-parquet', fields: ['domain'] } }] } : csv.schema);
    expect(csv.dialect).toMatchObject({ $schema: PROFILES.dialect, header: true, delimiter: ',' });
    expect(parquet).not.toHaveProperty('dialect');
  });

  it('says, where researchers read it, why crawled_at may not fall on day', async () => {
    const pkg = JSON.parse(await readFile(path.join(out, 'datapackage.json'), 'utf8'));
    const dictionary = await readFile(path.join(out, 'DATA-DICTIONARY.md'), 'utf8');
    for (const resource of pkg.resources.filter((r: { name: string }) => r.name.startsWith('snapshots-'))) {
      const crawledAt = resource.schema.fields.find((f: { name: string }) => f.name === 'crawled_at');
      expect(crawledAt.description).toContain('past midnight UTC');
      expect(crawledAt.description).toContain('--day');
    }
    expect(dictionary).toMatch(/`crawled_at` \| datetime .*past midnight UTC/);
    expect(dictionary).toContain('which can be later (a crawl that runs past midnight UTC');
  });

  it('describes a table split into several files as one resource listing its paths', () => {
    const file = (name: string, bytes: number, sha: string): WrittenTableFile =>
      ({ table: 'snapshots', format: 'parquet', name, bytes, sha256: sha.repeat(64), rows: 10 });
    const pkg = dataPackage({
      version: 'v1',
      dataAsOf: '2026-12-01',
      generatedAt: NOW.toISOString(),
      files: [
        file('snapshots/month=2026-12/part-0.parquet', 5, 'b'),
        file('snapshots/month=2026-11/part-0.parquet', 7, 'a'),
        { table: 'servers', format: 'parquet', name: 'servers.parquet', bytes: 3, sha256: 'c'.repeat(64), rows: 2 },
      ],
    });
    expect(dataPackageErrors(pkg)).toEqual([]);
    const resources = pkg.resources as Record<string, unknown>[];
    expect(resources.map((r) => r.name)).toEqual(['snapshots-parquet', 'servers-parquet']);
    expect(resources[0]).toMatchObject({
      path: ['snapshots/month=2026-11/part-0.parquet', 'snapshots/month=2026-12/part-0.parquet'],
      bytes: 12,
    });
    expect(resources[0]).not.toHaveProperty('hash');
    expect(resources[1]).toMatchObject({ path: 'servers.parquet', hash: `sha256:${'c'.repeat(64)}` });
    expect(resources[0]).not.toHaveProperty('compression');
    const gz = dataPackage({
      version: 'v1', dataAsOf: '2026-12-01', generatedAt: NOW.toISOString(),
      files: [{ table: 'snapshots', format: 'csv', name: 'snapshots/month=2026-11/part-0.csv.gz', bytes: 4, sha256: 'd'.repeat(64), rows: 1 }],
    });
    expect(dataPackageErrors(gz)).toEqual([]);
    expect((gz.resources as Record<string, unknown>[])[0]).toMatchObject({ format: 'csv', mediatype: 'text/csv', compression: 'gz' });
  });
});

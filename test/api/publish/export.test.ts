import { execFile } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { sha256File } from '../../../api/publish/checksum.ts';
import { PUBLISHED_TABLES } from '../../../api/publish/columns.ts';
import { exportCensus, formatExportSummary, type ExportSummary } from '../../../api/publish/export.ts';
import { CHANGELOG_FILE, DERIVED_TABLES } from '../../../api/publish/derived.ts';
import { openReadOnlyDb } from '../../../api/db.ts';
import { methodChanges } from '../../../api/metrics/method-changes.ts';
import { weeklyJoinsBySoftware } from '../../../api/metrics/weekly.ts';
import { toCsv } from '../../../core/csv.ts';
import { buildCensus, DATA_AS_OF, EXPECTED_ROWS, ODD_VERSION, query, sqlPath, tempDir } from './census-fixture.ts';
import { formatDateTime } from '../../../core/time.ts';

const NOW = new Date('2026-11-26T03:12:45.000Z');
const now = NOW;

let root: string;
let dbPath: string;
let out: string;
let summary: ExportSummary;

beforeAll(async () => {
  root = await tempDir('export');
  dbPath = path.join(root, 'census.duckdb');
  await buildCensus(dbPath);
  out = path.join(root, 'export');
  summary = await exportCensus({ dbPath, outDir: out, format: 'both', now });
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

const file = (name: string): string => path.join(out, name);

describe('exportCensus, both formats', () => {
  it('writes every table in both formats and the companion files, nothing else, and no temp dir beside', async () => {
    const names = (await readdir(out)).sort();
    const tables = PUBLISHED_TABLES.flatMap((t) => [`${t.name}.csv`, `${t.name}.parquet`]);
    const docs = ['CITATION.cff', 'DATA-DICTIONARY.md', 'LICENSE', 'SHA256SUMS', 'datapackage.json', 'manifest.json'];
    const derived = DERIVED_TABLES.map((t) => `${t.name}.csv`).concat('method_changes.json', CHANGELOG_FILE);
    docs.push(...derived);
    expect(names).toEqual([...tables, ...docs].sort());
    expect(await readdir(root)).toEqual(['census.duckdb', 'export']);
  });

  it('counts rows by construction, excluded server left out', async () => {
    expect(summary.rows).toEqual(EXPECTED_ROWS);
    for (const [table, rows] of Object.entries(EXPECTED_ROWS)) {
      for (const fmt of ['csv', 'parquet']) {
        const reader = fmt === 'csv' ? 'read_csv' : 'read_parquet';
        const [row] = await query(`SELECT count(*)::INTEGER AS n FROM ${reader}(${sqlPath(file(`${table}.${fmt}`))})`);
        expect(row?.n, `${table}.${fmt}`).toBe(rows);
      }
    }
    const domains = await query(`SELECT DISTINCT domain FROM read_csv(${sqlPath(file('snapshots.csv'))}) ORDER BY 1`);
    expect(domains.map((r) => r.domain)).toEqual(['alpha.social', 'beta.town']);
    const text = (await Promise.all((await readdir(out)).map((n) => readFile(file(n), 'latin1')))).join('');
    expect(text).not.toContain('optout.site');
  });

  it('writes CSV headers in the documented column order', async () => {
    for (const table of PUBLISHED_TABLES) {
      const header = (await readFile(file(`${table.name}.csv`), 'utf8')).split('\n')[0];
      expect(header).toBe(table.columns.map((c) => c.name).join(','));
    }
    const snapshotColumns = PUBLISHED_TABLES.find((t) => t.name === 'snapshots')!.columns.map((c) => c.name);
    expect(snapshotColumns).toEqual(expect.arrayContaining(['day', 'domain', 'software', 'version', 'users_total',
      'users_active_month', 'users_active_halfyear', 'local_posts', 'open_registrations', 'quality']));
  });

  it('formats CSV dates as YYYY-MM-DD, datetimes as ISO with Z, NULL as empty, and quotes odd strings', async () => {
    const csv = await readFile(file('snapshots.csv'), 'utf8');
    const lines = csv.trimEnd().split('\n');
    expect(lines[1]).toBe('2026-11-24,alpha.social,mastodon,4.3.0,1000,200,500,12345,true,,nodeinfo-2.0,mastodon-v2-instance,2026-11-24T03:01:02Z,fedicensus'
      .replace('nodeinfo-2.0,mastodon-v2-instance', '"nodeinfo-2.0,mastodon-v2-instance"'));
    expect(lines[2]).toBe('2026-11-24,beta.town,lemmy,"0.19.3, ""beta""",50,10,20,300,,,"nodeinfo-2.0,lemmy-site",2026-11-24T03:05:00Z,fedicensus');
    expect(lines[3]).toBe('2026-11-25,alpha.social,mastodon,4.3.0,1010,,505,,false,users_active_month:negative;local_posts:too_large,nodeinfo-2.1,2026-11-25T03:00:00Z,fedicensus');
    const weekly = await query(`SELECT * FROM read_csv(${sqlPath(file('weekly_activity.csv'))}, all_varchar = true)`);
    expect(weekly[1]).toEqual({ domain: 'alpha.social', week: '2026-11-23', window_start: '2026-11-23T00:00:00Z',
      statuses: '90', logins: '80', registrations: null, quality: 'registrations:not_a_number', observed_on: '2026-11-25', source: 'fedicensus' });
    const servers = await query(`SELECT * FROM read_csv(${sqlPath(file('servers.csv'))}, all_varchar = true) ORDER BY domain`);
    expect(servers[0]).toMatchObject({ domain: 'alpha.social', first_seen: '2026-11-20', created_at: '2022-11-05T10:11:12Z', status: 'ok' });
    expect(servers[1]).toMatchObject({ domain: 'beta.town', listed_by: 'alpha.social', version: ODD_VERSION, consecutive_failures: '1' });
    expect(servers[2]).toMatchObject({ domain: 'gamma.zone', status: null, first_seen_ok: null });
  });

  it('keeps Parquet typed: DATE, TIMESTAMP WITH TIME ZONE, BIGINT, BOOLEAN', async () => {
    const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM read_parquet(${sqlPath(file('snapshots.parquet'))}))`);
    const byName = Object.fromEntries(types.map((r) => [r.column_name, r.column_type]));
    expect(byName).toMatchObject({ day: 'DATE', crawled_at: 'TIMESTAMP WITH TIME ZONE', users_total: 'BIGINT', open_registrations: 'BOOLEAN', version: 'VARCHAR' });
    const rows = await query(`SELECT strftime(day, '%Y-%m-%d') AS day, domain, users_total::INTEGER AS users, users_active_month::INTEGER AS active,
      open_registrations AS open, version FROM read_parquet(${sqlPath(file('snapshots.parquet'))}) ORDER BY day, domain`);
    expect(rows).toEqual([
      { day: '2026-11-24', domain: 'alpha.social', users: 1000, active: 200, open: true, version: '4.3.0' },
      { day: '2026-11-24', domain: 'beta.town', users: 50, active: 10, open: null, version: ODD_VERSION },
      { day: '2026-11-25', domain: 'alpha.social', users: 1010, active: null, open: false, version: '4.3.0' },
    ]);
    // Marked UTC in the file itself (Parquet TIMESTAMP isAdjustedToUTC), and the same instant, to the second, as the CSV.
    const logical = await query(`SELECT logical_type FROM parquet_schema(${sqlPath(file('snapshots.parquet'))}) WHERE name = 'crawled_at'`);
    expect(String(logical[0]?.logical_type)).toMatch(/isAdjustedToUTC=1/);
    const instants = await query(`SELECT strftime(timezone('UTC', crawled_at), '%Y-%m-%dT%H:%M:%SZ') AS at FROM read_parquet(${sqlPath(file('snapshots.parquet'))}) ORDER BY day, domain`);
    const csvInstants = await query(`SELECT crawled_at AS at FROM read_csv(${sqlPath(file('snapshots.csv'))}, all_varchar = true) ORDER BY day, domain`);
    expect(instants).toEqual(csvInstants);
    for (const r of instants) expect(r.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const servers = await query(`SELECT column_type FROM (DESCRIBE SELECT consecutive_failures FROM read_parquet(${sqlPath(file('servers.parquet'))}))`);
    expect(servers[0]?.column_type).toBe('BIGINT');
  });

  it('writes a manifest naming every file but SHA256SUMS, with bytes, sha256 and rows', async () => {
    const manifest = JSON.parse(await readFile(file('manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ dataAsOf: DATA_AS_OF, generatedAt: formatDateTime(NOW) });
    expect(manifest.version).toMatch(/^2026-11-26T0312Z-[0-9a-f]{8}$/);
    const names = (await readdir(out)).filter((n) => n !== 'SHA256SUMS' && n !== 'manifest.json').sort();
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(names);
    for (const f of manifest.files) {
      expect(f.sha256).toBe(await sha256File(file(f.name)));
      expect(f.bytes).toBe((await readFile(file(f.name))).length);
    }
    expect(manifest.files.find((f: { name: string }) => f.name === 'weekly_activity.parquet').rows).toBe(2);
    expect(manifest.files.find((f: { name: string }) => f.name === 'LICENSE').rows).toBeNull();
    expect(summary.totalBytes).toBe((await Promise.all((await readdir(out)).map((n) => readFile(file(n))))).reduce((s, b) => s + b.length, 0));
    expect(formatExportSummary(summary)).toContain('snapshots: 3 rows');
  });

  it('writes SHA256SUMS that sha256sum -c accepts, covering every other file', async () => {
    const sums = await readFile(file('SHA256SUMS'), 'utf8');
    const listed = sums.trimEnd().split('\n').map((line) => line.split('  ')[1]);
    expect(listed.sort()).toEqual((await readdir(out)).filter((n) => n !== 'SHA256SUMS').sort());
    const { stdout } = await promisify(execFile)('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(stdout.trim().split('\n')).toHaveLength(listed.length);
    expect(stdout).not.toMatch(/FAILED/);
  });

  it('describes every column in datapackage.json and DATA-DICTIONARY.md', async () => {
    const pkg = JSON.parse(await readFile(file('datapackage.json'), 'utf8'));
    expect(pkg.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
    expect(pkg.licenses[0].name).toBe('CC-BY-4.0');
    expect(pkg.resources).toHaveLength(6);
    const dictionary = await readFile(file('DATA-DICTIONARY.md'), 'utf8');
    for (const resource of pkg.resources) {
      const header = resource.format === 'csv'
        ? (await readFile(file(resource.path), 'utf8')).split('\n')[0]!.split(',')
        : (await query(`DESCRIBE SELECT * FROM read_parquet(${sqlPath(file(resource.path))})`)).map((r) => r.column_name);
      expect(resource.schema.fields.map((f: { name: string }) => f.name)).toEqual(header);
      expect(resource.hash).toBe(`sha256:${await sha256File(file(resource.path))}`);
      for (const field of resource.schema.fields) {
        expect(field.description.length, field.name).toBeGreaterThan(10);
        expect(['string', 'integer', 'boolean', 'date', 'datetime']).toContain(field.type);
        expect(dictionary).toContain(`| \`${field.name}\` |`);
      }
    }
    expect(dictionary).toContain(`Data as of: ${DATA_AS_OF}`);
  });

  it('writes a CFF 1.2.0 dataset citation with the data-as-of date and version, and a CC BY 4.0 notice', async () => {
    const cff = parseYaml(await readFile(file('CITATION.cff'), 'utf8'));
    const manifest = JSON.parse(await readFile(file('manifest.json'), 'utf8'));
    expect(cff).toMatchObject({ 'cff-version': '1.2.0', type: 'dataset', license: 'CC-BY-4.0', version: manifest.version, 'date-released': '2026-11-26' });
    expect(cff.title).toContain(`data as of ${DATA_AS_OF}`);
    expect(cff.authors[0].name).toBe('fedicensus contributors');
    const license = await readFile(file('LICENSE'), 'utf8');
    expect(license).toContain('https://creativecommons.org/licenses/by/4.0/');
    expect(license).toContain(`data as of ${DATA_AS_OF}, version ${manifest.version}`);
  });
});

describe('exportCensus, the derived tables', () => {
  it('ships the weekly series with its parts, the method changes and a data changelog, as the API computes them', async () => {
    const db = await openReadOnlyDb(dbPath, 1);
    try {
      const weekly = await weeklyJoinsBySoftware(db);
      const changes = await methodChanges(db);
      const columns = (name: string) => DERIVED_TABLES.find((t) => t.name === name)!.columns.map((c) => c.name);
      expect(await readFile(file('weekly_joins.csv'), 'utf8')).toBe(toCsv(columns('weekly_joins'), weekly));
      expect(await readFile(file('method_changes.csv'), 'utf8')).toBe(toCsv(columns('method_changes'), changes));
      expect(JSON.parse(await readFile(file('method_changes.json'), 'utf8'))).toEqual({ changes });
      expect(weekly.length).toBeGreaterThan(0);
      const changelog = await readFile(file(CHANGELOG_FILE), 'utf8');
      expect(changelog).toContain(`- ${changes.find((c) => c.kind === 'first_crawl')!.day} (first_crawl): First crawl.`);
      const manifest = JSON.parse(await readFile(file('manifest.json'), 'utf8'));
      expect(manifest.files.find((f: { name: string }) => f.name === 'weekly_joins.csv').rows).toBe(weekly.length);
      const dictionary = await readFile(file('DATA-DICTIONARY.md'), 'utf8');
      for (const t of DERIVED_TABLES) for (const c of t.columns) expect(dictionary).toContain(`| \`${c.name}\` | ${c.type} |`);
    } finally {
      db.close();
    }
  });
});

describe('exportCensus, one format and re-export', () => {
  it('writes only CSV when asked and replaces an earlier export whole', async () => {
    const target = path.join(root, 'again');
    await exportCensus({ dbPath, outDir: target, format: 'parquet', now, version: 'first' });
    await writeFile(path.join(target, 'stray.txt'), 'left from before');
    const second = await exportCensus({ dbPath, outDir: target, format: 'csv', now, version: 'second' });
    const names = await readdir(target);
    expect(names.filter((n) => n.endsWith('.parquet') || n === 'stray.txt')).toEqual([]);
    expect(names.filter((n) => n.endsWith('.csv'))).toHaveLength(PUBLISHED_TABLES.length + DERIVED_TABLES.length);
    expect(second.manifest.version).toBe('second');
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('fails on a missing database without creating the output directory', async () => {
    const target = path.join(root, 'never');
    await expect(exportCensus({ dbPath: path.join(root, 'nope.duckdb'), outDir: target, now })).rejects.toThrow(/no census database/);
    expect((await readdir(root)).includes('never')).toBe(false);
  });

  it('exports an empty census with dataAsOf null and header-only files', async () => {
    const emptyDb = path.join(root, 'empty.duckdb');
    await buildCensus(emptyDb, 'DELETE FROM snapshots; DELETE FROM weekly_activity; DELETE FROM servers;');
    const result = await exportCensus({ dbPath: emptyDb, outDir: path.join(root, 'empty'), format: 'csv', now });
    expect(result.manifest.dataAsOf).toBeNull();
    expect(result.rows).toEqual({ servers: 0, snapshots: 0, weekly_activity: 0 });
    expect((await readFile(path.join(root, 'empty', 'snapshots.csv'), 'utf8')).trim().split('\n')).toHaveLength(1);
  });
});

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

const file = (name: string): string => path.join(out, ...name.split('/'));
const GROWING = ['snapshots', 'attempts', 'weekly_activity'];
/** A table's rows in one format as a DuckDB relation: the whole file, or every monthly partition. */
function relation(table: string, format: 'csv' | 'parquet', dir = out, options = ''): string {
  if (!GROWING.includes(table)) return `${format === 'csv' ? 'read_csv' : 'read_parquet'}(${sqlPath(path.join(dir, `${table}.${format}`))}${options})`;
  return format === 'csv'
    ? `read_csv(${sqlPath(path.join(dir, 'csv', table, '*', '*.csv.gz'))}${options})`
    : `read_parquet(${sqlPath(path.join(dir, table, '*', '*.parquet'))}${options})`;
}
/** Every file under a directory, '/'-separated relative names. */
async function allFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/')).sort();
}

describe('exportCensus, both formats', () => {
  it('writes the small tables whole, the growing ones by month, the companion files, nothing else, and no temp dir beside', async () => {
    const docs = ['CITATION.cff', 'DATA-DICTIONARY.md', 'LICENSE', 'SHA256SUMS', 'datapackage.json', 'manifest.json'];
    docs.push(...DERIVED_TABLES.map((t) => `${t.name}.csv`), 'method_changes.json', CHANGELOG_FILE);
    expect(await allFiles(out)).toEqual([
      ...docs,
      'attempts/month=2026-11/part-2026-11-24.parquet',
      'attempts/month=2026-11/part-2026-11-25.parquet',
      'csv/attempts/month=2026-11/part-2026-11-24.csv.gz',
      'csv/attempts/month=2026-11/part-2026-11-25.csv.gz',
      'csv/snapshots/month=2026-11/part-2026-11-24.csv.gz',
      'csv/snapshots/month=2026-11/part-2026-11-25.csv.gz',
      'csv/weekly_activity/month=2026-11/part-0.csv.gz',
      'servers.csv',
      'servers.parquet',
      'snapshots/month=2026-11/part-2026-11-24.parquet',
      'snapshots/month=2026-11/part-2026-11-25.parquet',
      'weekly_activity/month=2026-11/part-0.parquet',
    ].sort());
    expect(await readdir(root)).toEqual(['census.duckdb', 'export']);
  });

  it('counts rows by construction, excluded server left out', async () => {
    expect(summary.rows).toEqual(EXPECTED_ROWS);
    for (const [table, rows] of Object.entries(EXPECTED_ROWS)) {
      for (const fmt of ['csv', 'parquet'] as const) {
        const [row] = await query(`SELECT count(*)::INTEGER AS n FROM ${relation(table, fmt)}`);
        expect(row?.n, `${table}.${fmt}`).toBe(rows);
      }
    }
    const domains = await query(`SELECT DISTINCT domain FROM ${relation('snapshots', 'csv')} ORDER BY 1`);
    expect(domains.map((r) => r.domain)).toEqual(['alpha.social', 'beta.town']);
    const { gunzipSync } = await import('node:zlib');
    const texts = await Promise.all((await allFiles(out)).map(async (n) => {
      const bytes = await readFile(file(n));
      return (n.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('latin1');
    }));
    expect(texts.join('')).not.toContain('optout.site');
  });

  it('writes CSV headers in the documented column order', async () => {
    const { gunzipSync } = await import('node:zlib');
    for (const table of PUBLISHED_TABLES) {
      const name = summary.manifest.files.find((f) => f.name.endsWith('.csv') || (f.name.startsWith(`csv/${table.name}/`)))!.name;
      const first = summary.manifest.files.find((f) => f.name === `${table.name}.csv` || f.name.startsWith(`csv/${table.name}/`))!.name;
      const bytes = await readFile(file(first));
      const header = (first.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').split('\n')[0];
      expect(header, name).toBe(table.columns.map((c) => c.name).join(','));
    }
    const snapshotColumns = PUBLISHED_TABLES.find((t) => t.name === 'snapshots')!.columns.map((c) => c.name);
    expect(snapshotColumns).toEqual(expect.arrayContaining(['day', 'domain', 'software', 'version', 'users_total',
      'users_active_month', 'users_active_halfyear', 'local_posts', 'open_registrations', 'quality']));
  });

  it('formats CSV dates as YYYY-MM-DD, datetimes as ISO with Z, NULL as empty, and quotes odd strings', async () => {
    const { gunzipSync } = await import('node:zlib');
    const gz = (name: string): Promise<string> => readFile(file(name)).then((b) => gunzipSync(b).toString('utf8'));
    // Within a file rows go by domain, then day; the month still being crawled has a file per day.
    const day24 = (await gz('csv/snapshots/month=2026-11/part-2026-11-24.csv.gz')).trimEnd().split('\n');
    const day25 = (await gz('csv/snapshots/month=2026-11/part-2026-11-25.csv.gz')).trimEnd().split('\n');
    const lines = [day24[0], day24[1], day24[2], day25[1]];
    expect(lines[1]).toBe('2026-11-24,alpha.social,mastodon,4.3.0,1000,200,500,12345,true,,nodeinfo-2.0,mastodon-v2-instance,2026-11-24T03:01:02Z,fedicensus'
      .replace('nodeinfo-2.0,mastodon-v2-instance', '"nodeinfo-2.0,mastodon-v2-instance"'));
    expect(lines[2]).toBe('2026-11-24,beta.town,lemmy,"0.19.3, ""beta""",50,10,20,300,,,"nodeinfo-2.0,lemmy-site",2026-11-24T03:05:00Z,fedicensus');
    expect(lines[3]).toBe('2026-11-25,alpha.social,mastodon,4.3.0,1010,,505,,false,users_active_month:negative;local_posts:too_large,nodeinfo-2.1,2026-11-25T03:00:00Z,fedicensus');
    const weekly = await query(`SELECT * FROM ${relation('weekly_activity', 'csv', out, ', all_varchar = true, hive_partitioning = false')}`);
    expect(weekly[1]).toEqual({ domain: 'alpha.social', week: '2026-11-23', window_start: '2026-11-23T00:00:00Z',
      statuses: '90', logins: '80', registrations: null, quality: 'registrations:not_a_number', observed_on: '2026-11-25', source: 'fedicensus' });
    const servers = await query(`SELECT * FROM read_csv(${sqlPath(file('servers.csv'))}, all_varchar = true) ORDER BY domain`);
    expect(servers[0]).toMatchObject({ domain: 'alpha.social', first_seen: '2026-11-20', created_at: '2022-11-05T10:11:12Z', status: 'ok' });
    expect(servers[1]).toMatchObject({ domain: 'beta.town', listed_by: 'alpha.social', version: ODD_VERSION, consecutive_failures: '1' });
    expect(servers[2]).toMatchObject({ domain: 'gamma.zone', status: null, first_seen_ok: null });
  });

  it('keeps Parquet typed: DATE, TIMESTAMP WITH TIME ZONE, BIGINT, BOOLEAN', async () => {
    const types = await query(`SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM ${relation('snapshots', 'parquet')})`);
    const byName = Object.fromEntries(types.map((r) => [r.column_name, r.column_type]));
    expect(byName).toMatchObject({ day: 'DATE', crawled_at: 'TIMESTAMP WITH TIME ZONE', users_total: 'BIGINT', open_registrations: 'BOOLEAN', version: 'VARCHAR' });
    const rows = await query(`SELECT strftime(day, '%Y-%m-%d') AS day, domain, users_total::INTEGER AS users, users_active_month::INTEGER AS active,
      open_registrations AS open, version FROM ${relation('snapshots', 'parquet')} ORDER BY day, domain`);
    expect(rows).toEqual([
      { day: '2026-11-24', domain: 'alpha.social', users: 1000, active: 200, open: true, version: '4.3.0' },
      { day: '2026-11-24', domain: 'beta.town', users: 50, active: 10, open: null, version: ODD_VERSION },
      { day: '2026-11-25', domain: 'alpha.social', users: 1010, active: null, open: false, version: '4.3.0' },
    ]);
    // Marked UTC in the file itself (Parquet TIMESTAMP isAdjustedToUTC), and the same instant, to the second, as the CSV.
    const logical = await query(`SELECT logical_type FROM parquet_schema(${sqlPath(file('snapshots/month=2026-11/part-2026-11-24.parquet'))}) WHERE name = 'crawled_at'`);
    expect(String(logical[0]?.logical_type)).toMatch(/isAdjustedToUTC=1/);
    const instants = await query(`SELECT strftime(timezone('UTC', crawled_at), '%Y-%m-%dT%H:%M:%SZ') AS at FROM ${relation('snapshots', 'parquet')} ORDER BY day, domain`);
    const csvInstants = await query(`SELECT crawled_at AS at FROM ${relation('snapshots', 'csv', out, ', all_varchar = true')} ORDER BY day, domain`);
    expect(instants).toEqual(csvInstants);
    for (const r of instants) expect(r.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const servers = await query(`SELECT column_type FROM (DESCRIBE SELECT consecutive_failures FROM read_parquet(${sqlPath(file('servers.parquet'))}))`);
    expect(servers[0]?.column_type).toBe('BIGINT');
  });

  it('writes a manifest naming every file but SHA256SUMS, with bytes, sha256 and rows', async () => {
    const manifest = JSON.parse(await readFile(file('manifest.json'), 'utf8'));
    expect(manifest).toMatchObject({ dataAsOf: DATA_AS_OF, generatedAt: formatDateTime(NOW) });
    expect(manifest.version).toMatch(/^2026-11-26T0312Z-[0-9a-f]{8}$/);
    const names = (await allFiles(out)).filter((n) => n !== 'SHA256SUMS' && n !== 'manifest.json').sort();
    expect(manifest.files.map((f: { name: string }) => f.name).sort()).toEqual(names);
    for (const f of manifest.files) {
      expect(f.sha256).toBe(await sha256File(file(f.name)));
      expect(f.bytes).toBe((await readFile(file(f.name))).length);
    }
    expect(manifest.files.find((f: { name: string }) => f.name === 'weekly_activity/month=2026-11/part-0.parquet').rows).toBe(2);
    expect(manifest.files.find((f: { name: string }) => f.name === 'csv/snapshots/month=2026-11/part-2026-11-25.csv.gz').rows).toBe(1);
    expect(manifest.files.find((f: { name: string }) => f.name === 'LICENSE').rows).toBeNull();
    expect(summary.totalBytes).toBe((await Promise.all((await allFiles(out)).map((n) => readFile(file(n))))).reduce((s, b) => s + b.length, 0));
    expect(formatExportSummary(summary)).toContain('snapshots: 3 rows');
  });

  it('writes SHA256SUMS that sha256sum -c accepts, covering every other file', async () => {
    const sums = await readFile(file('SHA256SUMS'), 'utf8');
    const listed = sums.trimEnd().split('\n').map((line) => line.split('  ')[1]);
    expect(listed.sort()).toEqual((await allFiles(out)).filter((n) => n !== 'SHA256SUMS').sort());
    const { stdout } = await promisify(execFile)('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(stdout.trim().split('\n')).toHaveLength(listed.length);
    expect(stdout).not.toMatch(/FAILED/);
  });

  it('describes every column in datapackage.json and DATA-DICTIONARY.md', async () => {
    const pkg = JSON.parse(await readFile(file('datapackage.json'), 'utf8'));
    expect(pkg.$schema).toBe('https://datapackage.org/profiles/2.0/datapackage.json');
    expect(pkg.licenses[0].name).toBe('CC-BY-4.0');
    expect(pkg.resources).toHaveLength(8); // four tables, two formats; a partitioned table is one resource of many paths
    const dictionary = await readFile(file('DATA-DICTIONARY.md'), 'utf8');
    const { gunzipSync } = await import('node:zlib');
    for (const resource of pkg.resources) {
      const paths: string[] = Array.isArray(resource.path) ? resource.path : [resource.path];
      for (const p of paths) {
        const bytes = await readFile(file(p));
        const header = resource.format === 'csv'
          ? (p.endsWith('.gz') ? gunzipSync(bytes) : bytes).toString('utf8').split('\n')[0]!.split(',')
          : (await query(`DESCRIBE SELECT * FROM read_parquet(${sqlPath(file(p))}, hive_partitioning = false)`)).map((r) => r.column_name);
        expect(resource.schema.fields.map((f: { name: string }) => f.name)).toEqual(header);
      }
      if (paths.length === 1) expect(resource.hash).toBe(`sha256:${await sha256File(file(paths[0]!))}`);
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
    const names = await allFiles(target);
    expect(names.filter((n) => n.endsWith('.parquet') || n === 'stray.txt')).toEqual([]);
    // servers, a file per partition, and the derived tables (CSV only)
    expect(names.filter((n) => n.endsWith('.csv') || n.endsWith('.csv.gz'))).toHaveLength(6 + DERIVED_TABLES.length);
    expect(second.manifest.version).toBe('second');
    expect((await readdir(root)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('fails on a missing database without creating the output directory', async () => {
    const target = path.join(root, 'never');
    await expect(exportCensus({ dbPath: path.join(root, 'nope.duckdb'), outDir: target, now })).rejects.toThrow(/no census database/);
    expect((await readdir(root)).includes('never')).toBe(false);
  });

  it('exports an empty census with dataAsOf null, a header-only servers file and no partitions', async () => {
    const emptyDb = path.join(root, 'empty.duckdb');
    await buildCensus(emptyDb, 'DELETE FROM snapshots; DELETE FROM attempts; DELETE FROM weekly_activity; DELETE FROM servers;');
    const result = await exportCensus({ dbPath: emptyDb, outDir: path.join(root, 'empty'), format: 'csv', now });
    expect(result.manifest.dataAsOf).toBeNull();
    expect(result.rows).toEqual({ servers: 0 }); // no months, no partition files
    expect((await readFile(path.join(root, 'empty', 'servers.csv'), 'utf8')).trim().split('\n')).toHaveLength(1);
    expect(await allFiles(path.join(root, 'empty'))).not.toContain(expect.stringMatching(/snapshots/));
  });
});

import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CurrentPointerSchema, readCurrent, writeCurrent } from '../../../api/publish/current.ts';
import { openReadOnlyDb } from '../../../api/db.ts';
import { STORED_WEEKLY_TABLE, weeklyJoinsByMode } from '../../../api/metrics/weekly.ts';
import { listVersions, publishCensus, pruneVersions } from '../../../api/publish/publish.ts';
import { buildCensus, DATA_AS_OF, query, sqlPath, tempDir, writeToCensus } from './census-fixture.ts';

const at = (iso: string): Date => new Date(iso);
const REPO = path.resolve(import.meta.dirname, '../../..');
const NEXT_DAY = `INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear, local_posts, open_registrations, quality, sources, crawled_at) VALUES ('2026-11-26', 'alpha.social', 'mastodon', '4.3.1', 1020, 210, 510, 12400,
  true, NULL, 'nodeinfo-2.1', '2026-11-26 03:00:00')`;

let root: string;
let dbPath: string;
let publishDir: string;

beforeEach(async () => {
  root = await tempDir('publish');
  dbPath = path.join(root, 'census.duckdb');
  publishDir = path.join(root, 'published');
  await buildCensus(dbPath);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function snapshotCount(db: string): Promise<number> {
  const [row] = await query(`ATTACH ${sqlPath(db)} AS c (READ_ONLY); SELECT count(*)::INTEGER AS n FROM c.snapshots`);
  return Number(row?.n);
}

/** Snapshot rows as a reader of the published version sees them (api/db.ts: views over its Parquet files). */
async function versionSnapshotCount(db: string): Promise<number> {
  const version = await openReadOnlyDb(db, 1);
  try {
    const [row] = await version.all('SELECT count(*) AS n FROM snapshots');
    return Number(row?.n);
  } finally {
    version.close();
  }
}

describe('publishCensus', () => {
  it('writes a version directory (small database, partitions, both dataset formats) and points current.json at it', async () => {
    const result = await publishCensus({ dbPath, now: at('2026-11-26T03:12:09.500Z') });
    expect(result.publishDir).toBe(publishDir); // default: published/ beside the census
    expect(result.version).toBe(result.current.version);
    const { version } = result.current;
    expect(version).toMatch(/^2026-11-26T0312Z-[0-9a-f]{8}$/);
    const pointer = JSON.parse(await readFile(path.join(publishDir, 'current.json'), 'utf8'));
    expect(pointer).toEqual({
      version,
      database: `${version}/census.duckdb`,
      datasets: `${version}/datasets`,
      dataAsOf: DATA_AS_OF,
      publishedAt: '2026-11-26T03:12:09Z', // core/time.ts: whole seconds, as everywhere
    });
    expect(CurrentPointerSchema.safeParse(pointer).success).toBe(true);
    expect((await readdir(publishDir)).sort()).toEqual([version, 'current.json'].sort());
    expect((await readdir(path.join(publishDir, version))).sort()).toEqual(['census.duckdb', 'datasets', 'partitions.json', 'weekly-state.duckdb']);
    const datasets = await readdir(path.join(publishDir, pointer.datasets));
    expect(datasets).toEqual(expect.arrayContaining(['servers.csv', 'servers.parquet', 'snapshots', 'csv', 'manifest.json', 'SHA256SUMS']));
    const manifest = JSON.parse(await readFile(path.join(publishDir, pointer.datasets, 'manifest.json'), 'utf8'));
    expect(manifest.version).toBe(version);
    // No copy of the history: the version's database holds the growing tables' columns, not their rows...
    expect(await snapshotCount(path.join(publishDir, pointer.database))).toBe(0);
    // ...which a reader finds in the Parquet partitions (the opted-out server's stray rows left out).
    expect(await versionSnapshotCount(path.join(publishDir, pointer.database))).toBe(3);
    expect(result.export.rows.snapshots).toBe(3);
  });

  it('stores the weekly joins in the version, equal to those computed from the census', async () => {
    const { current } = await publishCensus({ dbPath, now: at('2026-11-26T03:12:09.500Z') });
    const census = await openReadOnlyDb(dbPath, 1);
    const copy = await openReadOnlyDb(path.join(publishDir, current.database), 1);
    try {
      const [stored] = await copy.all(`SELECT count(*) AS n FROM ${STORED_WEEKLY_TABLE}`);
      expect(Number(stored?.n)).toBeGreaterThan(0);
      expect(await weeklyJoinsByMode(copy)).toEqual(await weeklyJoinsByMode(census));
      const [inCensus] = await census.all(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = '${STORED_WEEKLY_TABLE}'`);
      expect(Number(inCensus?.n)).toBe(0); // the census itself is not written
    } finally {
      census.close();
      copy.close();
    }
  });

  it('publishes a new version after the next crawl, swaps current.json by rename and keeps the old version', async () => {
    const first = await publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:12:00Z') });
    const firstInode = (await stat(path.join(publishDir, 'current.json'))).ino;
    await writeToCensus(dbPath, NEXT_DAY);
    const second = await publishCensus({ dbPath, publishDir, now: at('2026-11-27T03:05:00Z') });
    expect(second.current.version).not.toBe(first.current.version);
    expect(second.current.version > first.current.version).toBe(true); // names sort by time
    expect(await readCurrent(publishDir)).toEqual(second.current);
    expect(second.current.dataAsOf).toBe('2026-11-26');
    // A new inode: the pointer was replaced whole (rename), never rewritten in place.
    expect((await stat(path.join(publishDir, 'current.json'))).ino).not.toBe(firstInode);
    expect(await listVersions(publishDir)).toEqual([second.current.version, first.current.version]);
    expect((await readdir(publishDir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('prunes versions beyond keep, newest kept', async () => {
    const versions: string[] = [];
    for (const [i, day] of ['2026-11-26', '2026-11-27', '2026-11-28'].entries()) {
      if (i > 0) await writeToCensus(dbPath, NEXT_DAY.replace(/2026-11-26/g, day));
      const result = await publishCensus({ dbPath, publishDir, now: at(`${day}T03:00:00Z`), keep: 2 });
      versions.push(result.current.version);
      if (i === 2) expect(result.pruned).toEqual([versions[0]]);
    }
    expect(await listVersions(publishDir)).toEqual([versions[2], versions[1]]);
  });

  it('never prunes the current version, even when it is not the newest', async () => {
    const a = await publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:00:00Z') });
    await writeToCensus(dbPath, NEXT_DAY);
    const b = await publishCensus({ dbPath, publishDir, now: at('2026-11-27T03:00:00Z') });
    await writeCurrent(publishDir, a.current); // an operator rolled back
    expect(await pruneVersions(publishDir, 1)).toEqual([b.current.version]);
    expect(await listVersions(publishDir)).toEqual([a.current.version]);
  });

  it('refuses to publish the same data twice in one minute and leaves current.json alone', async () => {
    const first = await publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:12:00Z') });
    await expect(publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:12:30Z') })).rejects.toThrow(/already published/);
    expect(await readCurrent(publishDir)).toEqual(first.current);
    expect((await readdir(publishDir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('refuses a census without snapshots, leaving nothing behind', async () => {
    await writeToCensus(dbPath, 'DELETE FROM snapshots');
    await expect(publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:12:00Z') })).rejects.toThrow(/no snapshots/);
    expect(await readdir(publishDir)).toEqual([]);
  });

  it('publishes the rows of a write-ahead log left by a crawl that died', async () => {
    // A child writes a row and is killed before it can close (and checkpoint) the census.
    const code = `
      import { DuckDBInstance } from '@duckdb/node-api';
      const instance = await DuckDBInstance.create(process.argv[1]);
      const connection = await instance.connect();
      await connection.run(${JSON.stringify(NEXT_DAY)});
      process.stdout.write('written\\n');
      setInterval(() => {}, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', code, dbPath], { cwd: REPO, stdio: ['ignore', 'pipe', 'inherit'] });
    await once(child.stdout!, 'data');
    child.kill('SIGKILL');
    await once(child, 'exit');
    expect((await stat(`${dbPath}.wal`)).size).toBeGreaterThan(0);
    const result = await publishCensus({ dbPath, publishDir, now: at('2026-11-27T03:00:00Z') });
    expect(result.current.dataAsOf).toBe('2026-11-26');
    expect((await readdir(path.join(publishDir, result.current.version))).sort()).toEqual(['census.duckdb', 'datasets', 'partitions.json', 'weekly-state.duckdb']);
    expect(await versionSnapshotCount(path.join(publishDir, result.current.database))).toBe(4);
  });

  it('rejects keep below 1', async () => {
    await expect(publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:12:00Z'), keep: 0 })).rejects.toThrow(/keep/);
  });
});

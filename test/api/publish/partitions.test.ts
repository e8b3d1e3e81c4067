// The partitioned layout of published versions: months close and stop changing, partitions add up to the
// census, a version reads the same while the next is written, pruning spares a version a reader holds.
import { readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReadOnlyDb, type ReadOnlyDb } from '../../../api/db.ts';
import { serverRecord } from '../../../api/metrics/servers.ts';
import { summaryForDay } from '../../../api/metrics/summary.ts';
import { exportCensus } from '../../../api/publish/export.ts';
import { readLayout } from '../../../api/publish/layout.ts';
import { isLeased, takeLease } from '../../../api/publish/leases.ts';
import { listVersions, publishCensus, type PublishResult } from '../../../api/publish/publish.ts';
import { buildCensus, query, sqlPath, tempDir, writeToCensus } from './census-fixture.ts';

const at = (iso: string): Date => new Date(iso);

/** One more crawled day: a snapshot of alpha.social and its attempt. */
function crawlDay(day: string, users: number): string {
  return `INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear, local_posts, open_registrations, quality, sources, crawled_at) VALUES ('${day}', 'alpha.social', 'mastodon', '4.3.1', ${users}, 210, 510, 12400, true, NULL,
            'nodeinfo-2.1', '${day} 03:00:00');
          INSERT INTO attempts (day, domain, status, reason, requests, crawled_at, run_id) VALUES ('${day}', 'alpha.social', 'ok', NULL, 4, '${day} 03:00:00', 9);`;
}

let root: string;
let dbPath: string;
let publishDir: string;

beforeEach(async () => {
  root = await tempDir('partitions');
  dbPath = path.join(root, 'census.duckdb');
  publishDir = path.join(root, 'published');
  await buildCensus(dbPath);
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

const datasetsOf = (r: PublishResult): string => path.join(publishDir, r.current.datasets);
const fileOf = (r: PublishResult, name: string): string => path.join(datasetsOf(r), ...name.split('/'));
const shaOf = (r: PublishResult, name: string): string | undefined => r.export.manifest.files.find((f) => f.name === name)?.sha256;
const names = (r: PublishResult, prefix: string): string[] =>
  r.export.manifest.files.map((f) => f.name).filter((n) => n.startsWith(prefix)).sort();

describe('monthly partitions', () => {
  it('writes the month being crawled by day, merges it into part-0 once it is over, and never changes it after', async () => {
    const v1 = await publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:00:00Z') });
    expect(names(v1, 'snapshots/')).toEqual([
      'snapshots/month=2026-11/part-2026-11-24.parquet',
      'snapshots/month=2026-11/part-2026-11-25.parquet',
    ]);
    expect(names(v1, 'csv/snapshots/')).toEqual([
      'csv/snapshots/month=2026-11/part-2026-11-24.csv.gz',
      'csv/snapshots/month=2026-11/part-2026-11-25.csv.gz',
    ]);

    await writeToCensus(dbPath, crawlDay('2026-12-01', 1020));
    const v2 = await publishCensus({ dbPath, publishDir, now: at('2026-12-02T03:00:00Z') });
    expect(names(v2, 'snapshots/')).toEqual(['snapshots/month=2026-11/part-0.parquet', 'snapshots/month=2026-12/part-2026-12-01.parquet']);
    expect(v2.partitions.written).toBeGreaterThan(0);

    await writeToCensus(dbPath, crawlDay('2026-12-02', 1030));
    const v3 = await publishCensus({ dbPath, publishDir, now: at('2026-12-03T03:00:00Z') });
    expect(names(v3, 'snapshots/')).toEqual([
      'snapshots/month=2026-11/part-0.parquet',
      'snapshots/month=2026-12/part-2026-12-01.parquet',
      'snapshots/month=2026-12/part-2026-12-02.parquet',
    ]);
    // November is closed: the same bytes, the same checksum, the same file (a hard link, not a copy).
    for (const name of ['snapshots/month=2026-11/part-0.parquet', 'csv/snapshots/month=2026-11/part-0.csv.gz', 'snapshots/month=2026-12/part-2026-12-01.parquet']) {
      expect(shaOf(v3, name), name).toBe(shaOf(v2, name));
      expect(await readFile(fileOf(v3, name))).toEqual(await readFile(fileOf(v2, name)));
      expect((await stat(fileOf(v3, name))).ino, name).toBe((await stat(fileOf(v2, name))).ino);
    }
    // Only the new day's files were written (snapshots and attempts, Parquet and CSV); every other was linked.
    expect(v3.partitions.written).toBe(4);
    const sums = await readFile(path.join(datasetsOf(v3), 'SHA256SUMS'), 'utf8');
    expect(sums).toContain(`${shaOf(v2, 'snapshots/month=2026-11/part-0.parquet')}  snapshots/month=2026-11/part-0.parquet\n`);
  });

  it('rewrites a closed month when its rows change (a past day crawled again)', async () => {
    await writeToCensus(dbPath, crawlDay('2026-12-01', 1020));
    const v1 = await publishCensus({ dbPath, publishDir, now: at('2026-12-02T03:00:00Z') });
    await writeToCensus(dbPath, `DELETE FROM snapshots WHERE day = '2026-11-25';
      INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear, local_posts, open_registrations, quality, sources, crawled_at) VALUES ('2026-11-25', 'alpha.social', 'mastodon', '4.3.0', 1011, 201, 505, 12350, true, NULL, 'nodeinfo-2.1', '2026-12-02 09:00:00')`);
    const v2 = await publishCensus({ dbPath, publishDir, now: at('2026-12-02T10:00:00Z') });
    const november = 'snapshots/month=2026-11/part-0.parquet';
    expect(shaOf(v2, november)).not.toBe(shaOf(v1, november));
    const [row] = await query(`SELECT users_total::INTEGER AS u FROM read_parquet(${sqlPath(fileOf(v2, november))}) WHERE day = '2026-11-25'`);
    expect(row?.u).toBe(1011);
    expect(shaOf(v2, 'snapshots/month=2026-12/part-2026-12-01.parquet')).toBe(shaOf(v1, 'snapshots/month=2026-12/part-2026-12-01.parquet'));
  });

  it('rewrites every month after an import, which can change rows without changing their count or times', async () => {
    await writeToCensus(dbPath, crawlDay('2026-12-01', 1020));
    const v1 = await publishCensus({ dbPath, publishDir, now: at('2026-12-02T03:00:00Z') });
    // A corrected file imported again: same rows, same crawled_at (the importer's), another value.
    await writeToCensus(dbPath, `UPDATE snapshots SET users_total = 999 WHERE day = '2026-11-25' AND domain = 'alpha.social';
      INSERT INTO imports VALUES ('${'a'.repeat(64)}', 'zegl-mastodon-stats', 'zegl-crawl', 'servers-2026-11-25.jsonl', '2026-11-25', '2026-11-25', 1, '2026-12-02 09:00:00')`);
    const v2 = await publishCensus({ dbPath, publishDir, now: at('2026-12-02T10:00:00Z') });
    const november = 'snapshots/month=2026-11/part-0.parquet';
    expect(shaOf(v2, november)).not.toBe(shaOf(v1, november));
    const [row] = await query(`SELECT users_total::INTEGER AS u FROM read_parquet(${sqlPath(fileOf(v2, november))}) WHERE day = '2026-11-25'`);
    expect(row?.u).toBe(999);
  });

  it('adds up to the census: every partition row is a census row and every census row is in one partition', async () => {
    await writeToCensus(dbPath, crawlDay('2026-12-01', 1020) + crawlDay('2026-12-02', 1030));
    const v = await publishCensus({ dbPath, publishDir, now: at('2026-12-03T03:00:00Z') });
    const layout = (await readLayout(path.join(publishDir, v.version)))!;
    for (const table of ['snapshots', 'attempts', 'weekly_activity']) {
      const parquet = layout.files.filter((f) => f.table === table && f.format === 'parquet');
      const csv = layout.files.filter((f) => f.table === table && f.format === 'csv');
      const [census] = await query(`ATTACH ${sqlPath(dbPath)} AS c (READ_ONLY);
        SELECT count(*)::INTEGER AS n FROM c.${table} WHERE domain <> 'optout.site'`);
      const sum = (files: typeof parquet): number => files.reduce((s, f) => s + f.rows, 0);
      expect(sum(parquet), table).toBe(census?.n);
      expect(sum(csv), table).toBe(census?.n);
      expect(v.export.rows[table], table).toBe(census?.n);
      // Not just the counts: the rows themselves, both ways, with no duplicates across partitions.
      const list = `[${parquet.map((f) => sqlPath(fileOf(v, f.name))).join(', ')}]`;
      const key = table === 'weekly_activity' ? 'domain, week' : 'domain, day';
      const [diff] = await query(`ATTACH ${sqlPath(dbPath)} AS c (READ_ONLY);
        SELECT (SELECT count(*) FROM (SELECT ${key} FROM read_parquet(${list}) EXCEPT ALL SELECT ${key} FROM c.${table})) +
               (SELECT count(*) FROM (SELECT ${key} FROM c.${table} WHERE domain <> 'optout.site' EXCEPT ALL SELECT ${key} FROM read_parquet(${list})))
               AS n`);
      expect(Number(diff?.n), table).toBe(0);
    }
  });

  it('writes the same bytes for the same rows (sorted, fixed row groups and compression)', async () => {
    const a = await exportCensus({ dbPath, outDir: path.join(root, 'a'), now: at('2026-11-26T03:00:00Z') });
    const b = await exportCensus({ dbPath, outDir: path.join(root, 'b'), now: at('2026-11-27T03:00:00Z') });
    const data = (files: typeof a.manifest.files) => files.filter((f) => f.rows !== null).map((f) => [f.name, f.sha256]);
    expect(data(b.manifest.files)).toEqual(data(a.manifest.files));
    expect(data(a.manifest.files).length).toBeGreaterThan(6);
  });
});

describe('reading a version', () => {
  it('answers the query functions as the census does', async () => {
    const v = await publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:00:00Z') });
    const census = await openReadOnlyDb(dbPath, 1);
    const version = await openReadOnlyDb(path.join(publishDir, v.current.database), 2);
    try {
      expect(await summaryForDay(version, '2026-11-25')).toEqual(await summaryForDay(census, '2026-11-25'));
      expect(await serverRecord(version, 'alpha.social')).toEqual(await serverRecord(census, 'alpha.social'));
      expect(await serverRecord(version, 'beta.town')).toEqual(await serverRecord(census, 'beta.town'));
    } finally {
      census.close();
      version.close();
    }
  });

  it('reads the same data while the next version is written and published', async () => {
    const v1 = await publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:00:00Z') });
    const reader = await openReadOnlyDb(path.join(publishDir, v1.current.database), 2);
    try {
      const before = await reader.all('SELECT day, domain, users_total FROM snapshots ORDER BY day, domain');
      await writeToCensus(dbPath, crawlDay('2026-11-26', 1020) + crawlDay('2026-12-01', 1030));
      const published = publishCensus({ dbPath, publishDir, now: at('2026-12-02T03:00:00Z') });
      // Queries while the next version is being written, and after it is current.
      const during = await reader.all('SELECT day, domain, users_total FROM snapshots ORDER BY day, domain');
      const v2 = await published;
      const after = await reader.all('SELECT day, domain, users_total FROM snapshots ORDER BY day, domain');
      expect(during).toEqual(before);
      expect(after).toEqual(before);
      const next = await openReadOnlyDb(path.join(publishDir, v2.current.database), 1);
      try {
        expect((await next.all('SELECT count(*) AS n FROM snapshots'))[0]?.n).toBe(before.length + 2);
      } finally {
        next.close();
      }
    } finally {
      reader.close();
    }
  });

  it('keeps a version a reader still has open through pruning, and prunes it once the reader lets go', async () => {
    const v1 = await publishCensus({ dbPath, publishDir, now: at('2026-11-26T03:00:00Z'), keep: 1 });
    const reader = await openReadOnlyDb(path.join(publishDir, v1.current.database), 1);
    const expected = await reader.all('SELECT * FROM snapshots ORDER BY day, domain');
    let last: PublishResult | null = null;
    for (const [i, day] of ['2026-11-26', '2026-12-01', '2026-12-02'].entries()) {
      await writeToCensus(dbPath, crawlDay(day, 1020 + i));
      last = await publishCensus({ dbPath, publishDir, now: at(`${day}T09:00:00Z`), keep: 1 });
      expect(last.pruned).not.toContain(v1.version);
    }
    // The reader's version is still whole (its November days were merged into part-0 in the newer ones).
    expect(await reader.all('SELECT * FROM snapshots ORDER BY day, domain')).toEqual(expected);
    expect(await listVersions(publishDir)).toEqual([last!.version, v1.version]);
    reader.close();
    await writeToCensus(dbPath, crawlDay('2026-12-03', 1100));
    const next = await publishCensus({ dbPath, publishDir, now: at('2026-12-03T09:00:00Z'), keep: 1 });
    expect([...next.pruned].sort()).toEqual([last!.version, v1.version].sort());
    // Files the kept version shares with the pruned ones are still there.
    const kept = await openReadOnlyDb(path.join(publishDir, next.current.database), 1);
    try {
      expect((await kept.all('SELECT count(*) AS n FROM snapshots'))[0]?.n).toBe(expected.length + 4);
    } finally {
      kept.close();
    }
  });

  it('ignores a lease left by a process that is gone', async () => {
    const dir = path.join(root, 'v');
    const lease = await takeLease(dir, 2 ** 22 + 12345);
    expect(await isLeased(dir, () => false)).toBe(false);
    expect(await isLeased(dir, () => true)).toBe(false); // removed on the way
    lease.release();
    await takeLease(dir);
    expect(await isLeased(dir)).toBe(true);
  });
});

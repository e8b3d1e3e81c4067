// A bad night for the operator (issue #12): the disk fills up mid-crawl or just before the run is marked
// finished. The nightly says "disk full (ENOSPC)" with the file, exits 1, and the next run, with space
// again, resumes the day, judges the whole day (the interrupted run's attempts included) and publishes it,
// leaving the same census as a night without a fault: nothing lost, nothing counted twice.
// The full disk is injected at the DuckDB connection (test/scripts/inject-enospc.mjs), with the error
// text DuckDB gives on a really full file system. Kill -9 at several moments: test/scripts/nightly.test.ts.
import { cp, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DAY1, DAY2, census, query, runNightly, useNightlyBed, type Run } from './nightly-harness.ts';

const INJECTOR = fileURLToPath(new URL('./inject-enospc.mjs', import.meta.url));
// The set-up runs three nightlies (DAY1, and the reference's DAY2 after it), each test two (the faulty run,
// the rerun): on a busy shared machine that can take longer than the default 120 s. A limit on the test,
// not a timed assertion.
const RUNS_TIMEOUT_MS = 360_000;

const bed = useNightlyBed('fedicensus-faults-');

const nightly = (db: string, day: string, diskFullOn?: string): Promise<Run> =>
  runNightly(bed, db, day, [], diskFullOn
    ? { nodeArgs: ['--import', INJECTOR], env: { FEDICENSUS_TEST_ENOSPC_ON: diskFullOn, FEDICENSUS_TEST_ENOSPC_FILE: `${db}.wal` } }
    : {});

const dbIn = (name: string) => path.join(bed.dir, name, 'census.duckdb');
const currentOf = async (db: string) => JSON.parse(await readFile(path.join(path.dirname(db), 'published', 'current.json'), 'utf8'));

describe('fedicensus nightly on a full disk', () => {
  // DAY1 is crawled and published once; the reference and each test start from a copy of its directory
  // (census, published versions, reports, site), so all share one history, as a night after the same night.
  const day1 = () => dbIn('day1');
  let reference: string;

  /** A census with DAY1 crawled and published, in its own directory. */
  async function censusWithDay1(name: string): Promise<string> {
    const db = dbIn(name);
    await cp(path.dirname(day1()), path.dirname(db), { recursive: true, errorOnExist: true, force: false });
    return db;
  }

  /** DAY2 on a census with DAY1, the disk full at the first statement matching `diskFullOn`: exits 1, saying so. */
  async function day2OnFullDisk(name: string, diskFullOn: string): Promise<{ readonly db: string; readonly full: Run }> {
    const db = await censusWithDay1(name);
    bed.sim.setNow(new Date(`${DAY2}T12:00:00Z`));
    const full = await nightly(db, DAY2, diskFullOn);
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('disk full (ENOSPC)');
    return { db, full };
  }

  /** The next run, with space again: publishes DAY2, leaving the census of the uninterrupted reference. */
  async function rerunPublishesDay2(db: string): Promise<Run> {
    const again = await nightly(db, DAY2);
    expect(again.code, again.stderr).toBe(0);
    expect((await currentOf(db)).dataAsOf).toBe(DAY2);
    expect(await census(db, DAY2)).toEqual(await census(reference, DAY2));
    return again;
  }

  beforeAll(async () => {
    await mkdir(path.dirname(day1()), { recursive: true });
    bed.sim.setNow(new Date(`${DAY1}T12:00:00Z`));
    const first = await nightly(day1(), DAY1);
    expect(first.code, first.stderr).toBe(0);
    reference = await censusWithDay1('reference');
    bed.sim.setNow(new Date(`${DAY2}T12:00:00Z`));
    expect((await nightly(reference, DAY2)).code).toBe(0);
  }, RUNS_TIMEOUT_MS);

  it('says "disk full (ENOSPC)" with the file when a batch cannot be committed, then the next run publishes the day', async () => {
    const { db, full } = await day2OnFullDisk('full-mid-crawl', '^COMMIT');
    expect(full.stderr).toContain(`disk full (ENOSPC) writing ${db}.wal`);
    expect(full.stderr).not.toMatch(/cannot rollback/);
    expect((await currentOf(db)).dataAsOf).toBe(DAY1);

    await rerunPublishesDay2(db);
    expect(await query(db, `SELECT domain FROM attempts WHERE day = '${DAY2}' GROUP BY domain HAVING count(*) > 1`)).toEqual([]);
  }, RUNS_TIMEOUT_MS);

  it('judges the whole day when the rerun has nothing left to crawl: the interrupted run reached every server', async () => {
    // Every batch is written; marking the run finished fails.
    const { db } = await day2OnFullDisk('full-at-finish', '^UPDATE crawl_runs SET ended_at');

    const again = await rerunPublishesDay2(db);
    expect(again.stdout).toMatch(/resumed: +\d+ already attempted by an interrupted run of this day/);
    expect(again.stdout).toMatch(/published \S+/);
    const report = JSON.parse(await readFile(again.stdout.match(/report: (\S+)/)![1]!, 'utf8'));
    expect(report.verdict).toEqual({ publish: true });
    expect(report.summary.dayReach.attempted).toBeGreaterThan(100);
  }, RUNS_TIMEOUT_MS);
});

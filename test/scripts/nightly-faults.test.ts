// A bad night for the operator (issue #12): the disk fills up mid-crawl or just before the run is marked
// finished. The nightly says "disk full (ENOSPC)" with the file, exits 1, and the next run, with space
// again, resumes the day, judges the whole day (the interrupted run's attempts included) and publishes it,
// leaving the same census as a night without a fault: nothing lost, nothing counted twice.
// The full disk is injected at the DuckDB connection (test/scripts/inject-enospc.mjs), with the error
// text DuckDB gives on a really full file system. Kill -9 at several moments: test/scripts/nightly.test.ts.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { startSimFediverse, type SimFediverse } from '../../sim/server.ts';
import { census, query, runNightly, type Run } from './nightly-harness.ts';

const INJECTOR = fileURLToPath(new URL('./inject-enospc.mjs', import.meta.url));
const DAY1 = '2026-03-04';
const DAY2 = '2026-03-11';
// Each test runs three nightlies (a day to compare with, the faulty run, the rerun): on a busy shared
// machine that can take longer than the default 120 s. A limit on the test, not a timed assertion.
const RUNS_TIMEOUT_MS = 360_000;

let dir: string;
let sim: SimFediverse;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-faults-'));
  await writeFile(path.join(dir, 'exclude.txt'), '');
  const catalogue = generateCatalogue({ seed: 11, aliveCount: 150, deadCount: 50 });
  sim = await startSimFediverse({ catalogue, now: new Date(`${DAY1}T12:00:00Z`), slowDelayMs: 100 });
});
afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

const nightly = (db: string, day: string, diskFullOn?: string): Promise<Run> =>
  runNightly(sim, path.join(dir, 'exclude.txt'), db, day, [], diskFullOn
    ? { nodeArgs: ['--import', INJECTOR], env: { FEDICENSUS_TEST_ENOSPC_ON: diskFullOn, FEDICENSUS_TEST_ENOSPC_FILE: `${db}.wal` } }
    : {});

/** A census with DAY1 crawled and published, in its own directory. */
async function censusWithDay1(name: string): Promise<string> {
  const db = path.join(dir, name, 'census.duckdb');
  await mkdir(path.dirname(db), { recursive: true });
  sim.setNow(new Date(`${DAY1}T12:00:00Z`));
  const first = await nightly(db, DAY1);
  expect(first.code, first.stderr).toBe(0);
  return db;
}

const currentOf = async (db: string) => JSON.parse(await readFile(path.join(path.dirname(db), 'published', 'current.json'), 'utf8'));

describe('fedicensus nightly on a full disk', () => {
  let reference: string;
  beforeAll(async () => {
    reference = await censusWithDay1('reference');
    sim.setNow(new Date(`${DAY2}T12:00:00Z`));
    expect((await nightly(reference, DAY2)).code).toBe(0);
  }, RUNS_TIMEOUT_MS);

  it('says "disk full (ENOSPC)" with the file when a batch cannot be committed, then the next run publishes the day', async () => {
    const db = await censusWithDay1('full-mid-crawl');
    sim.setNow(new Date(`${DAY2}T12:00:00Z`));
    const full = await nightly(db, DAY2, '^COMMIT');
    expect(full.code).toBe(1);
    expect(full.stderr).toContain(`disk full (ENOSPC) writing ${db}.wal`);
    expect(full.stderr).not.toMatch(/cannot rollback/);
    expect((await currentOf(db)).dataAsOf).toBe(DAY1);

    const again = await nightly(db, DAY2);
    expect(again.code, again.stderr).toBe(0);
    expect((await currentOf(db)).dataAsOf).toBe(DAY2);
    expect(await census(db, DAY2)).toEqual(await census(reference, DAY2));
    expect(await query(db, `SELECT domain FROM attempts WHERE day = '${DAY2}' GROUP BY domain HAVING count(*) > 1`)).toEqual([]);
  }, RUNS_TIMEOUT_MS);

  it('judges the whole day when the rerun has nothing left to crawl: the interrupted run reached every server', async () => {
    const db = await censusWithDay1('full-at-finish');
    sim.setNow(new Date(`${DAY2}T12:00:00Z`));
    // Every batch is written; marking the run finished fails.
    const full = await nightly(db, DAY2, '^UPDATE crawl_runs SET ended_at');
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('disk full (ENOSPC)');

    const again = await nightly(db, DAY2);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/resumed: +\d+ already attempted by an interrupted run of this day/);
    expect(again.stdout).toMatch(/published \S+/);
    expect((await currentOf(db)).dataAsOf).toBe(DAY2);
    expect(await census(db, DAY2)).toEqual(await census(reference, DAY2));
    const report = JSON.parse(await readFile(again.stdout.match(/report: (\S+)/)![1]!, 'utf8'));
    expect(report.verdict).toEqual({ publish: true });
    expect(report.summary.dayReach.attempted).toBeGreaterThan(100);
  }, RUNS_TIMEOUT_MS);
});

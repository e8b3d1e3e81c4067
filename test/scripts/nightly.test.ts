// `fedicensus nightly` as cron runs it: real child processes against the simulated fediverse. Proves the
// lock (held and stale), the reach check that refuses to publish a run that lost its network, and crash
// safety: kill -9 at several moments of a crawl, then the same command again, gives the same census as an
// uninterrupted run, with every server counted once and the earlier day untouched.
import { readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireLock } from '../../crawler/lock.ts';
import { DAY1, DAY2, census, query, runNightly, useNightlyBed, type Run } from './nightly-harness.ts';

const bed = useNightlyBed('fedicensus-nightly-');

/** Runs `fedicensus nightly`; `killWhen` may kill -9 it once its output satisfies a condition. */
function nightly(db: string, day: string, extra: string[] = [], killWhen?: (output: string) => boolean): Promise<Run> {
  return runNightly(bed, db, day, extra, killWhen ? { killWhen } : {});
}

describe('fedicensus nightly', () => {
  const reference = () => path.join(bed.dir, 'reference', 'census.duckdb');

  it('crawls, publishes and builds the site in one command', async () => {
    bed.sim.setNow(new Date(`${DAY1}T12:00:00Z`));
    const run = await nightly(reference(), DAY1);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/published \S+/);
    expect(run.stdout).toMatch(/site written to/);
    const current = JSON.parse(await readFile(path.join(path.dirname(reference()), 'published', 'current.json'), 'utf8'));
    expect(current.dataAsOf).toBe(DAY1);
    await expect(readFile(path.join(path.dirname(reference()), 'site', 'index.html'), 'utf8')).resolves.toContain('<html');
  });

  it('exits at once with a clear message while another run holds the lock', async () => {
    const db = path.join(bed.dir, 'locked', 'census.duckdb');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.dirname(db), { recursive: true });
    const lock = await acquireLock(`${db}.lock`); // held by this (live) test process
    try {
      const run = await nightly(db, DAY1);
      expect(run.code).toBe(1);
      expect(run.stderr).toMatch(new RegExp(`another run holds the lock .* \\(pid ${process.pid} on`));
    } finally {
      await lock.release();
    }
  });

  it('takes over a lock left by a dead process', async () => {
    const db = path.join(bed.dir, 'stale', 'census.duckdb');
    const { mkdir } = await import('node:fs/promises');
    await mkdir(path.dirname(db), { recursive: true });
    await writeFile(`${db}.lock`, JSON.stringify({ pid: 2 ** 22 + 7, host: hostname(), startedAt: '2026-03-03T03:00:00Z' }));
    const run = await nightly(db, DAY1, ['--no-publish']);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/took over a stale lock left by pid 4194311/);
  });

  it('survives kill -9 at several moments: the day finishes with every server counted once', async () => {
    const db = path.join(bed.dir, 'crashy', 'census.duckdb');
    bed.sim.setNow(new Date(`${DAY1}T12:00:00Z`));
    expect((await nightly(db, DAY1)).code).toBe(0);
    const day1Before = await census(db, DAY1);
    bed.sim.setNow(new Date(`${DAY2}T12:00:00Z`));
    const progressAt = (n: number) => (out: string) => [...out.matchAll(/progress: (\d+)\//g)].some((m) => Number(m[1]) >= n);
    const moments = [
      () => true, // at the first output: before or while the database opens
      progressAt(20),
      progressAt(80),
      progressAt(150),
      (out: string) => out.includes('published'), // during the site build
    ];
    let killed = 0;
    for (const moment of moments) {
      const run = await nightly(db, DAY2, [], moment);
      if (run.signal === 'SIGKILL') killed++;
      // Between crashes the database stays readable.
      await expect(query(db, 'SELECT count(*) AS n FROM servers')).resolves.toHaveLength(1);
    }
    expect(killed).toBeGreaterThanOrEqual(3);
    const finish = await nightly(db, DAY2);
    expect(finish.code, finish.stderr).toBe(0);

    // The same day crawled without interruption, from the same history, is the reference.
    bed.sim.setNow(new Date(`${DAY2}T12:00:00Z`));
    expect((await nightly(reference(), DAY2)).code).toBe(0);
    const [attempts, snapshots, activity, servers] = await census(db, DAY2);
    const [refAttempts, refSnapshots, refActivity, refServers] = await census(reference(), DAY2);
    expect(attempts).toEqual(refAttempts);
    expect(snapshots).toEqual(refSnapshots);
    expect(activity).toEqual(refActivity);
    expect(servers).toEqual(refServers);
    const dupes = await query(db, `SELECT domain, count(*) AS n FROM attempts WHERE day = '${DAY2}' GROUP BY domain HAVING count(*) > 1`);
    expect(dupes).toEqual([]);
    // Nothing from the earlier day was lost or changed.
    expect((await census(db, DAY1)).slice(0, 2)).toEqual(day1Before.slice(0, 2));
  });

  it('publishes nothing and exits 3 when the run reached far fewer servers than the last one', async () => {
    const db = reference();
    const before = await readFile(path.join(path.dirname(db), 'published', 'current.json'), 'utf8');
    // The network is gone: every connection goes to a closed port.
    const run = await nightly(db, '2026-03-18', ['--connect-to', '::127.0.0.1:9']);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/not published: no server was reached/);
    expect(await readFile(path.join(path.dirname(db), 'published', 'current.json'), 'utf8')).toBe(before);
  });
});

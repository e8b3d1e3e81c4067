// users_joined is growth, not coverage, and leaves anomalies out by default (docs/methodology.md).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageForDay, coverageForDays, summaryForDay } from '../../../api/metrics/summary.ts';
import { STORED_WEEKLY_TABLE, storeWeeklyJoins, weeklyJoins, weeklyJoinsByMode } from '../../../api/metrics/weekly.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from './memory-census.ts';

// Wednesdays of the weeks W1 2024-03-04, W2 2024-03-11, W3 2024-03-18.
const D = ['2024-03-06', '2024-03-13', '2024-03-20'] as const;
const at = (...values: (number | null)[]) => series(D, values);
const weekOf = ['2024-03-04', '2024-03-11', '2024-03-18'];

describe('a jump in discovered servers', () => {
  let census: MemoryCensus;
  beforeAll(async () => {
    // Three servers seen on D1; D2's crawl discovers ten servers of 100,000 users each (instances.social,
    // November 2022: 1,904 -> 11,115 servers, 4.8 M -> 6.0 M users in a day).
    const known = [
      { domain: 'a.example', software: 'mastodon', users: at(1000, 1010, 1020) },
      { domain: 'b.example', software: 'mastodon', users: at(2000, 2020, 2040) },
      { domain: 'c.example', software: 'pleroma', users: at(500, 505, 510) },
    ];
    const found = Array.from({ length: 10 }, (_, i) => ({
      domain: `big${i}.example`,
      software: 'mastodon',
      users: { [D[1]]: 100_000, [D[2]]: 101_000 },
    }));
    census = await memoryCensus(censusSql([...known, ...found]));
  });
  afterAll(() => census.close());

  it('adds no joins: W2 counts only the growth of the servers observed on both days', async () => {
    const weeks = await weeklyJoins(census.db, { from: D[0], to: D[2] });
    // W1 holds first observations only: no growth could be measured (null, not 0).
    expect(weeks.map((w) => w.users_joined)).toEqual([null, 10 + 20 + 5, 10 + 20 + 5 + 10 * 1000]);
    // None exposes a creation time: they are reached, never joined.
    expect(weeks.map((w) => w.servers_first_reached)).toEqual([3, 10, 0]);
    expect(weeks.map((w) => w.servers_joined)).toEqual([0, 0, 0]);
  });

  it('shows in the summary as users and in coverage as servers newly known', async () => {
    expect((await summaryForDay(census.db, D[0])).users_total).toBe(3500);
    expect((await summaryForDay(census.db, D[1])).users_total).toBe(3535 + 1_000_000);
    expect(await coverageForDay(census.db, D[0])).toEqual({ known: 3, attempted: 3, ok: 3, disallowed: 0 });
    expect(await coverageForDay(census.db, D[1])).toEqual({ known: 13, attempted: 13, ok: 13, disallowed: 0 });
  });

  it('gives the coverage of many days in one query (the site asks for every crawled day)', async () => {
    // Before any server was known, the crawled days, a day between crawls (nothing attempted) and after;
    // asked out of order and with a repeat, answered once per day in day order.
    const all = await coverageForDays(census.db, [D[2], '2024-03-01', D[0], '2024-03-09', D[1], '2024-04-01', D[0]]);
    expect(all).toEqual([
      { day: '2024-03-01', known: 0, attempted: 0, ok: 0, disallowed: 0 },
      { day: D[0], known: 3, attempted: 3, ok: 3, disallowed: 0 },
      { day: '2024-03-09', known: 3, attempted: 0, ok: 0, disallowed: 0 },
      { day: D[1], known: 13, attempted: 13, ok: 13, disallowed: 0 },
      { day: D[2], known: 13, attempted: 13, ok: 13, disallowed: 0 },
      { day: '2024-04-01', known: 13, attempted: 0, ok: 0, disallowed: 0 },
    ]);
  });
});

describe('anomalies in users_joined', () => {
  let census: MemoryCensus;
  beforeAll(async () => {
    census = await memoryCensus(
      censusSql([
        { domain: 'steady.example', software: 'mastodon', users: at(1000, 1100, 1200) },
        { domain: 'jumper.example', software: 'mastodon', users: at(5000, 40_000, 40_500) }, // jump on D2
        { domain: 'wp.example', software: 'wordpress', version: '6.4', users: at(100, 200, 300) },
        { domain: 'active.example', software: 'mastodon', users: at(100, 110, 120), active: at(50, 500, 60) },
        { domain: 'old-lemmy.example', software: 'lemmy', version: '0.17.4', users: at(1000, 2000, 3000) },
      ]),
    );
    // A Lemmy server upgraded to 0.18 on D2: its inflated count falls, then it grows for real.
    await census.db.all(
      censusSql([{ domain: 'upgraded.example', software: 'lemmy', version: '0.18.0', users: at(5000, 1000, 1100) }]) +
        `UPDATE snapshots SET version = '0.17.4' WHERE domain = 'upgraded.example' AND day = DATE '${D[0]}';`,
    );
  });
  afterAll(() => census.close());

  it('leaves the growth of flagged observations out by default', async () => {
    const weeks = await weeklyJoins(census.db, { from: D[0], to: D[2] });
    expect(weeks.map((w) => w.week)).toEqual(weekOf);
    // W2: steady +100 only. W3: steady +100, jumper +500, active +10, upgraded +100.
    expect(weeks.map((w) => w.users_joined)).toEqual([null, 100, 710]);
    expect(await weeklyJoins(census.db, { from: D[0], to: D[2], anomalies: 'exclude' })).toEqual(weeks);
  });

  it('counts every observation with anomalies=include', async () => {
    const weeks = await weeklyJoins(census.db, { from: D[0], to: D[2], anomalies: 'include' });
    // W2: 100 + 35,000 + 100 + 10 + 1,000 (+0, a fall). W3: 100 + 500 + 100 + 10 + 1,000 + 100.
    expect(weeks.map((w) => w.users_joined)).toEqual([null, 36_210, 1810]);
  });

  it('stores both modes in a publication in one pass; readers then use the stored rows', async () => {
    const filters = [null, 'mastodon', 'wordpress', 'lemmy'];
    const computed = await Promise.all(filters.map((software) => weeklyJoinsByMode(census.db, software)));
    expect(computed[0]!.include.length).toBeGreaterThan(0);
    try {
      expect(await storeWeeklyJoins(census.db)).toBe(computed[0]!.include.length);
      for (const [i, software] of filters.entries()) expect(await weeklyJoinsByMode(census.db, software)).toEqual(computed[i]);
      // Read, not recomputed: a change to the stored rows shows in the series.
      await census.db.all(`UPDATE ${STORED_WEEKLY_TABLE} SET users_growth = users_growth + 1000000 WHERE week = DATE '${weekOf[2]}' AND software = 'mastodon'`);
      expect((await weeklyJoins(census.db, { from: D[0], to: D[2] })).map((w) => w.users_joined)).toEqual([null, 100, 1_000_710]);
      expect((await weeklyJoins(census.db, { from: D[0], to: D[2], anomalies: 'include' })).map((w) => w.users_joined)).toEqual([null, 36_210, 1810]);
      // A crawl run after the rows were stored: they no longer describe the file, so readers compute again.
      await census.db.all(`INSERT INTO crawl_runs (run_id, day, started_at) VALUES (999, DATE '${D[2]}', TIMESTAMP '${D[2]} 03:00:00')`);
      expect((await weeklyJoins(census.db, { from: D[0], to: D[2] })).map((w) => w.users_joined)).toEqual([null, 100, 710]);
      await census.db.all(`DELETE FROM crawl_runs WHERE run_id = 999`);
      expect((await weeklyJoins(census.db, { from: D[0], to: D[2] })).map((w) => w.users_joined)).toEqual([null, 100, 1_000_710]);
    } finally {
      await census.db.all(`DROP TABLE IF EXISTS ${STORED_WEEKLY_TABLE}`);
      await census.db.all(`DROP TABLE IF EXISTS ${STORED_WEEKLY_TABLE}_source`);
    }
  });

  it('gives a software no growth at all when every observation is an inflation', async () => {
    // Growth was measured (0 after leaving it out), not unknown (null).
    expect((await weeklyJoins(census.db, { software: 'wordpress' })).map((w) => w.users_joined)).toEqual([null, 0, 0]);
    expect((await weeklyJoins(census.db, { software: 'wordpress', anomalies: 'include' })).map((w) => w.users_joined)).toEqual([null, 100, 100]);
  });
});

// The window rule is per server and per week (docs/methodology.md, "Users registered and users growth, week
// by week"): a history whose activity windows cover only some weeks (a real crawl's 12 weeks, then daily
// totals only) counts its windows where they cover and its growth elsewhere, never both, never a silent 0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weeklyJoins } from '../../../api/metrics/weekly.ts';
import { censusSql, memoryCensus, type MemoryCensus } from './memory-census.ts';

// Daily totals from Sunday 2022-11-27 to Sunday 2022-12-11, +100 users a day; windows (registrations 70 a
// week) for the three weeks up to and including the week of 2022-11-21, read on 2022-11-27.
const DAYS = Array.from({ length: 15 }, (_, i) => new Date(Date.UTC(2022, 10, 27 + i)).toISOString().slice(0, 10));
const WINDOWS = ['2022-11-07', '2022-11-14', '2022-11-21'];

let census: MemoryCensus;
beforeAll(async () => {
  const users = Object.fromEntries(DAYS.map((d, i) => [d, 10_000 + 100 * i]));
  census = await memoryCensus(
    censusSql([{ domain: 'history.example', software: 'mastodon', users }]) +
      WINDOWS.map((week) =>
        `INSERT INTO weekly_activity (domain, week, window_start, statuses, logins, registrations, observed_on)
         VALUES ('history.example', DATE '${week}', TIMESTAMP '${week} 00:00:00', 10, 5, 70, DATE '2022-11-27');`).join('\n'),
  );
});
afterAll(() => census.close());

describe('a server whose windows cover only some weeks', () => {
  it('counts its windows in the weeks they cover and its growth in the others', async () => {
    const weeks = await weeklyJoins(census.db, { from: '2022-11-07', to: '2022-12-11' });
    expect(weeks.map((w) => [w.week, w.users_registered, w.users_growth, w.users_joined])).toEqual([
      ['2022-11-07', 70, null, 70],
      ['2022-11-14', 70, null, 70],
      // Covered by a window: the window counts; the first daily total (Sunday 11-27) adds nothing anyway.
      ['2022-11-21', 70, null, 70],
      // Not covered: seven steps of +100 (11-28 .. 12-04), then seven more.
      ['2022-11-28', null, 700, 700],
      ['2022-12-05', null, 700, 700],
    ]);
  });

  it('lets no week after its windows fall to zero while its totals grow (the former rule counted windows only)', async () => {
    const weeks = await weeklyJoins(census.db, { from: '2022-11-28', to: '2022-12-11' });
    expect(weeks.every((w) => (w.users_joined ?? 0) > 0)).toBe(true);
  });
});

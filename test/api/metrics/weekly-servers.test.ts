// The per-server breakdown of users joined sums, over servers, to the weekly figures themselves.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { weeklyJoinsBySoftware } from '../../../api/metrics/weekly.ts';
import { weeklyJoinsByServer } from '../../../api/metrics/weekly-servers.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from './memory-census.ts';

const D = ['2024-03-06', '2024-03-13', '2024-03-20', '2024-03-27'] as const;

let census: MemoryCensus;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'a.example', software: 'mastodon', users: series(D, [1000, 1010, 1030, 1030]) },
      { domain: 'b.example', software: 'mastodon', users: series(D, [500, 505, 500, 520]) },
      { domain: 'c.example', software: 'misskey', users: series(D, [300, 330, 360, 390]) },
      { domain: 'jump.example', software: 'pleroma', users: series(D, [5000, 50_000, 50_100, 50_200]) },
      { domain: 'blog.example', software: 'wordpress', users: series(D, [10, 20, 30, 40]) },
      // A claim of millions with a handful of monthly actives (active_vanishing): its growth is left out of the
      // weekly figures, so it must be left out of the breakdown too (a rise of 40% is no 'jump' by itself).
      { domain: 'claims.example', software: 'mastodon', users: series(D, [5_000_000, 7_000_000, 7_000_000, 7_000_000]), active: series(D, [3, 3, 3, 3]) },
    ]) +
      // a.example publishes windows for two weeks: those weeks count its registrations, not its growth.
      `INSERT INTO weekly_activity (domain, week, window_start, statuses, logins, registrations, quality, observed_on) VALUES
        ('a.example', '2024-03-11', '2024-03-11 00:00:00', 10, 5, 7, NULL, '${D[3]}'),
        ('a.example', '2024-03-18', '2024-03-18 00:00:00', 10, 5, NULL, NULL, '${D[3]}'),
        ('a.example', '2024-02-26', '2024-02-26 00:00:00', 10, 5, 4, NULL, '${D[3]}');`,
  );
});
afterAll(() => census.close());

describe('weeklyJoinsByServer', () => {
  it("sums, per software and week, to weekly.ts's users_joined (anomalies excluded)", async () => {
    const perServer = await weeklyJoinsByServer(census.db);
    const summed = new Map<string, number>();
    for (const r of perServer) summed.set(`${r.software} ${r.week}`, (summed.get(`${r.software} ${r.week}`) ?? 0) + r.users_joined);
    const weekly = await weeklyJoinsBySoftware(census.db);
    const expected = new Map(weekly.filter((r) => (r.users_joined ?? 0) > 0).map((r) => [`${r.software} ${r.week}`, r.users_joined]));
    expect(summed).toEqual(expected);
  });

  it('names each server with its own part: windows where they cover a week, growth elsewhere, no anomalous jump', async () => {
    const rows = (await weeklyJoinsByServer(census.db)).map((r) => `${r.domain} ${r.week} ${r.users_joined}`);
    expect(rows).toContain('a.example 2024-02-26 4');
    expect(rows).toContain('a.example 2024-03-11 7'); // its window, not its growth of 10
    expect(rows).toContain('a.example 2024-03-18 20'); // a window without registrations covers nothing
    expect(rows.filter((r) => r.startsWith('jump.example 2024-03-11'))).toEqual([]);
    expect(rows.filter((r) => r.startsWith('blog.example'))).toEqual([]); // known_inflation
    expect(rows.filter((r) => r.startsWith('claims.example'))).toEqual([]); // active_vanishing
  });
});

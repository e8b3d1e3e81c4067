import { describe, expect, it } from 'vitest';
import { sumWeeks, weeklyJoins, weeklyJoinsBySoftware } from '../../../api/metrics/weekly.ts';
import { D3, EXPECTED_WEEKS, fixtureDbForFile } from '../fixture.ts';

const db = fixtureDbForFile(1);

describe('weeklyJoins', () => {
  it('combines window registrations, growth and creation weeks as methodology.md defines', async () => {
    expect(await weeklyJoins(db, { from: '2023-12-20', to: D3 })).toEqual(EXPECTED_WEEKS);
  });

  it('counts a windowed server from its windows only, backfilling weeks before the first crawl', async () => {
    // masto's users_total grew 20 then 30; only its windows (5, 7, 9, NULL) count.
    const weeks = await weeklyJoins(db, { from: '2023-12-18', to: D3, software: 'mastodon' });
    expect(weeks.map((w) => w.users_joined)).toEqual([0, 5, 7, 9, 0]);
    expect(weeks.map((w) => w.servers_joined)).toEqual([1, 0, 0, 0, 0]);
  });

  it('filters by the latest known software, for the whole history', async () => {
    // pleroma.example.social ran pleroma on D2 and akkoma on D3: all of it is akkoma's.
    expect(await weeklyJoins(db, { software: 'akkoma' })).toEqual([
      { week: '2024-01-08', users_joined: 0, servers_joined: 1 },
      { week: '2024-01-15', users_joined: 5, servers_joined: 0 },
    ]);
    expect(await weeklyJoins(db, { software: 'pleroma' })).toEqual([]);
  });

  it('lists every week of the default range, from the earliest creation week, with zeros', async () => {
    const weeks = await weeklyJoins(db);
    expect(weeks[0]).toEqual({ week: '2022-06-13', users_joined: 0, servers_joined: 1 });
    expect(weeks.at(-1)).toEqual(EXPECTED_WEEKS.at(-1));
    expect(weeks).toHaveLength(84);
    expect(weeks.reduce((n, w) => n + w.servers_joined, 0)).toBe(5); // gone and excluded never join
    expect(weeks.reduce((n, w) => n + w.users_joined, 0)).toBe(5 + 7 + 9 + 55);
  });

  it('answers a range by the Mondays of from and to', async () => {
    expect(await weeklyJoins(db, { from: '2024-01-14', to: '2024-01-14' })).toEqual([EXPECTED_WEEKS[3]]);
  });

  it('answers a single week', async () => {
    expect(await weeklyJoins(db, { from: D3, to: D3 })).toEqual([{ week: '2024-01-15', users_joined: 55, servers_joined: 1 }]);
  });
});

describe('sumWeeks', () => {
  it('gives from per-software rows what the filtered query gives', async () => {
    const rows = await weeklyJoinsBySoftware(db);
    for (const software of [null, 'mastodon', 'akkoma', 'lemmy', 'misskey', 'gotosocial', 'nothing']) {
      expect(sumWeeks(rows, { software })).toEqual(await weeklyJoins(db, { software }));
    }
  });

  it('is empty for an empty census or an inverted range', () => {
    expect(sumWeeks([])).toEqual([]);
    expect(sumWeeks([{ software: 'x', week: '2024-01-01', users_joined: 1, servers_joined: 0 }], { from: '2024-02-01', to: '2024-01-01' })).toEqual([]);
  });
});

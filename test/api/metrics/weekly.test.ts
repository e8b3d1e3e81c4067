import { describe, expect, it } from 'vitest';
import { sumWeeks, weeklyJoins, weeklyJoinsBySoftware } from '../../../api/metrics/weekly.ts';
import { D3, EXPECTED_WEEKS, fixtureDbForFile } from '../fixture.ts';

const db = fixtureDbForFile(1);

const week = (w: Partial<ReturnType<typeof sumWeeks>[number]> & { week: string }) => ({
  users_joined: null, users_registered: null, users_growth: null, servers_joined: 0, servers_created: 0, servers_first_reached: null, ...w,
});

describe('weeklyJoins', () => {
  it('combines window registrations, growth and creation weeks as methodology.md defines', async () => {
    expect(await weeklyJoins(db, { from: '2023-12-20', to: D3 })).toEqual(EXPECTED_WEEKS);
  });

  it('counts a windowed server from its windows in the weeks they cover, from its growth in the others', async () => {
    // masto's users_total grew 20 (W2, covered by a window: not used) then 30 (W3, whose window reports
    // no registrations: counted as growth). Before the first crawl only the windows can say anything.
    const weeks = await weeklyJoins(db, { from: '2023-12-18', to: D3, software: 'mastodon' });
    expect(weeks.map((w) => w.users_registered)).toEqual([null, 5, 7, 9, null]);
    expect(weeks.map((w) => w.users_growth)).toEqual([null, null, null, null, 30]);
    expect(weeks.map((w) => w.users_joined)).toEqual([null, 5, 7, 9, 30]);
    expect(weeks.map((w) => w.servers_joined)).toEqual([1, 0, 0, 0, 0]);
    expect(weeks.map((w) => w.servers_first_reached)).toEqual([null, null, 1, 0, 0]);
  });

  it('never counts a server without a creation time as joined, only as first reached', async () => {
    // pleroma.example.social ran pleroma on D2 and akkoma on D3: all of it is akkoma's; it exposes no creation time.
    expect(await weeklyJoins(db, { software: 'akkoma' })).toEqual([
      week({ week: '2024-01-01', servers_first_reached: 0 }),
      week({ week: '2024-01-08', servers_first_reached: 1 }),
      week({ week: '2024-01-15', users_joined: 5, users_growth: 5, servers_first_reached: 0 }),
    ]);
    expect(await weeklyJoins(db, { software: 'pleroma' })).toEqual([]);
  });

  it('lists every week of the default range, from the earliest creation week', async () => {
    const weeks = await weeklyJoins(db);
    expect(weeks[0]).toEqual(week({ week: '2022-06-13', servers_joined: 1, servers_created: 1 }));
    expect(weeks.at(-1)).toEqual(EXPECTED_WEEKS.at(-1));
    expect(weeks).toHaveLength(84);
    expect(weeks.reduce((n, w) => n + w.servers_joined, 0)).toBe(2); // only masto and lemmy say when they were created
    expect(weeks.reduce((n, w) => n + (w.servers_first_reached ?? 0), 0)).toBe(5); // gone and excluded are never reached
    expect(weeks.reduce((n, w) => n + (w.users_joined ?? 0), 0)).toBe(5 + 7 + 9 + 85);
    // A week nothing could tell about is null, never 0: no window, no crawl.
    expect(weeks[1]).toEqual(week({ week: '2022-06-20' }));
  });

  it('answers a range by the Mondays of from and to', async () => {
    expect(await weeklyJoins(db, { from: '2024-01-14', to: '2024-01-14' })).toEqual([EXPECTED_WEEKS[3]]);
  });

  it('answers a single week', async () => {
    expect(await weeklyJoins(db, { from: D3, to: D3 })).toEqual([EXPECTED_WEEKS[4]]);
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
    expect(sumWeeks([{ software: 'x', ...week({ week: '2024-01-01', users_joined: 1, users_registered: 1 }) }], { from: '2024-02-01', to: '2024-01-01' })).toEqual([]);
  });
});

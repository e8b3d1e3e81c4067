import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeChange, activeChangePairs, changePairs } from '../../../api/metrics/change.ts';
import { usersChange } from '../../../api/metrics/users-change.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from './memory-census.ts';

const D = ['2024-03-06', '2024-03-13', '2024-03-20'] as const;
const at = (...values: (number | null)[]) => series(D, values);

let census: MemoryCensus;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'a.example', software: 'mastodon', users: at(1000, 1000, 1000), active: at(100, 110, 130) },
      { domain: 'b.example', software: 'mastodon', users: at(500, 500, 500), active: at(50, null, 40) }, // silent on D2
      { domain: 'c.example', software: 'misskey', users: at(300, 300, 300), active: at(30, 31, 32) },
      { domain: 'lost.example', software: 'mastodon', users: { [D[0]]: 9000 }, active: { [D[0]]: 900 } }, // gone after D1
      { domain: 'found.example', software: 'mastodon', users: { [D[2]]: 70_000 }, active: { [D[2]]: 7000 } }, // discovered D3
    ]),
  );
});
afterAll(() => census.close());

describe('activeChange', () => {
  it('sums only the servers reporting monthly actives on both days', async () => {
    expect(await activeChange(census.db, { from: D[0], to: D[2] })).toEqual({
      from: D[0],
      to: D[2],
      servers_compared: 3, // a, b, c; lost and found are on one day only
      users_active_month_from: 100 + 50 + 30,
      users_active_month_to: 130 + 40 + 32,
      change: 22,
      servers_only_from: 1,
      servers_only_to: 1,
    });
  });

  it('leaves out a server silent on one of the days, and filters by latest software', async () => {
    expect(await activeChange(census.db, { from: D[0], to: D[1], software: 'mastodon' })).toMatchObject({
      servers_compared: 1,
      change: 10,
      servers_only_from: 2, // b (silent on D2) and lost
      servers_only_to: 0,
    });
  });

  it('compares the nearest crawled days on or before the dates asked', async () => {
    expect(await activeChange(census.db, { from: '2024-03-12', to: '2024-12-31', software: 'misskey' })).toMatchObject({
      from: D[0],
      to: D[2],
      change: 2,
    });
    expect(await activeChange(census.db, { from: D[1], to: D[1] })).toMatchObject({ from: D[1], to: D[1], servers_compared: 2, change: 0 });
  });

  it('compares nothing before the first crawled day', async () => {
    expect(await activeChange(census.db, { from: '2024-01-01', to: D[2] })).toEqual({
      from: null,
      to: D[2],
      servers_compared: 0,
      users_active_month_from: null, // nothing compared: not reported, not 0
      users_active_month_to: null,
      change: null,
      servers_only_from: 0,
      servers_only_to: 0,
    });
  });
});

describe('activeChangePairs', () => {
  it('gives for every pair of days, summed over software, what activeChange gives', async () => {
    const { pairs, reporting } = await activeChangePairs(census.db, D);
    for (const [i, from] of D.entries()) {
      for (const to of D.slice(i)) {
        const own = pairs.filter((p) => p.from === from && p.to === to);
        const compared = own.reduce((n, p) => n + p.servers_compared, 0);
        const reportingOn = (day: string) => reporting.filter((r) => r.day === day).reduce((n, r) => n + r.reporting, 0);
        expect(await activeChange(census.db, { from, to })).toEqual({
          from,
          to,
          servers_compared: compared,
          users_active_month_from: own.reduce((n, p) => n + p.users_active_month_from, 0),
          users_active_month_to: own.reduce((n, p) => n + p.users_active_month_to, 0),
          change: own.reduce((n, p) => n + p.users_active_month_to - p.users_active_month_from, 0),
          servers_only_from: reportingOn(from) - compared,
          servers_only_to: reportingOn(to) - compared,
        });
      }
    }
    expect(await activeChangePairs(census.db, [])).toEqual({ pairs: [], reporting: [] });
  });
});

describe('usersChange', () => {
  it('takes the change of users_total over the servers reporting it on both days', async () => {
    // D1 -> D3: a, b, c on both (1800 -> 1800); lost only on D1, found only on D3.
    expect(await usersChange(census.db, { from: D[0], to: D[2] })).toEqual({
      from: D[0],
      to: D[2],
      servers_compared: 3,
      users_total_from: 1800,
      users_total_to: 1800,
      change: 0,
      servers_only_from: 1,
      servers_only_to: 1,
    });
  });

  it('gives for every pair of days, summed over software, what usersChange gives', async () => {
    const { pairs, reporting } = await changePairs(census.db, D, 'users_total');
    for (const [i, from] of D.entries()) {
      for (const to of D.slice(i)) {
        const mine = pairs.filter((p) => p.from === from && p.to === to);
        const compared = mine.reduce((n, p) => n + p.servers_compared, 0);
        const reportingOn = (day: string) => reporting.filter((r) => r.day === day).reduce((n, r) => n + r.reporting, 0);
        expect(await usersChange(census.db, { from, to })).toEqual({
          from,
          to,
          servers_compared: compared,
          users_total_from: mine.reduce((n, p) => n + p.sum_from, 0),
          users_total_to: mine.reduce((n, p) => n + p.sum_to, 0),
          change: mine.reduce((n, p) => n + p.sum_to - p.sum_from, 0),
          servers_only_from: reportingOn(from) - compared,
          servers_only_to: reportingOn(to) - compared,
        });
      }
    }
  });
});

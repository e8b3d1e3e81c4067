import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays } from '../../../api/metrics/dates.ts';
import { anomaliesOn, type Anomaly } from '../../../api/metrics/anomalies.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from './memory-census.ts';

// Ten daily crawls from 2024-03-01; the frozen servers are also seen 2024-01-01 and 2024-01-31.
const DAYS = Array.from({ length: 10 }, (_, i) => addDays('2024-03-01', i));
const LAST = DAYS.at(-1)!;
const byDay = (f: (i: number) => number | null) => series(DAYS, DAYS.map((_, i) => f(i)));

let census: MemoryCensus;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'steady.example', software: 'mastodon', users: byDay((i) => 1000 + 10 * i) },
      // 5% a day on a million users is 50,000 a day: above the absolute threshold, far below the relative one.
      { domain: 'big.example', software: 'mastodon', users: byDay((i) => Math.round(1_000_000 * 1.05 ** i)) },
      // Day 3: 5,200 -> 30,000 (+24,800, +477%).
      { domain: 'jump.example', software: 'pleroma', users: byDay((i) => (i < 3 ? 5000 + 100 * i : 30_000 + 100 * i)) },
      // +100% but only +100 users; +40,000 but only +40%: neither is a jump.
      { domain: 'small-double.example', software: 'pleroma', users: byDay((i) => (i < 5 ? 100 : 200)) },
      { domain: 'big-rise.example', software: 'pleroma', users: byDay((i) => (i < 5 ? 100_000 : 140_000)) },
      // GoToSocial's baffle mode: random figures every day.
      { domain: 'baffle.example', software: 'gotosocial', users: byDay((i) => [500, 80, 900, 40, 700, 300, 950, 20, 600, 100][i]!) },
      // One fall and its recovery (a cleanup, then growth): one large fall, one large rise, not erratic.
      { domain: 'one-dip.example', software: 'misskey', users: byDay((i) => (i === 4 ? 500 : 1000 + i)) },
      { domain: 'active.example', software: 'mastodon', users: byDay((i) => 100 + i), active: byDay((i) => (i === 9 ? 150 : 50)) },
      { domain: 'wp.example', software: 'wordpress', version: '6.4', users: byDay((i) => 10 + i) },
      { domain: 'old-lemmy.example', software: 'lemmy', version: '0.17.4', users: byDay((i) => 3000 + i) },
      { domain: 'new-lemmy.example', software: 'lemmy', version: '0.18.0', users: byDay((i) => 3000 + i) },
      { domain: 'lemmy-019.example', software: 'lemmy', version: '0.19.3', users: byDay((i) => 3000 + i) },
      {
        domain: 'frozen.example',
        software: 'misskey',
        users: { '2024-01-01': 777, '2024-01-31': 777, [LAST]: 777 },
        posts: { '2024-01-01': 5000, '2024-01-31': 5000, [LAST]: 5000 },
      },
      {
        domain: 'quiet.example', // the same users for months, but people still post: alive
        software: 'misskey',
        users: { '2024-01-01': 777, '2024-01-31': 777, [LAST]: 777 },
        posts: { '2024-01-01': 5000, '2024-01-31': 5001, [LAST]: 5002 },
      },
    ]),
  );
});
afterAll(() => census.close());

const kindsOf = (rows: readonly Anomaly[]) => rows.map((r) => `${r.kind} ${r.domain}`);

describe('anomaliesOn', () => {
  it('flags a jump on the day of the jump, and only then', async () => {
    expect(await anomaliesOn(census.db, DAYS[3]!, 'jump')).toEqual([
      { domain: 'jump.example', day: DAYS[3], kind: 'jump', detail: `users_total 5200 -> 30300 since ${DAYS[2]}` },
    ]);
    for (const day of DAYS.filter((d) => d !== DAYS[3])) expect(await anomaliesOn(census.db, day, 'jump')).toEqual([]);
  });

  it('flags random figures as erratic, not a single dip and its recovery', async () => {
    const flaggedDays: string[] = [];
    for (const day of DAYS) {
      const rows = await anomaliesOn(census.db, day, 'erratic');
      expect(rows.every((r) => r.domain === 'baffle.example')).toBe(true);
      if (rows.length > 0) flaggedDays.push(day);
    }
    // Every step of baffle.example is large (the first observation has no step).
    expect(flaggedDays).toEqual(DAYS.slice(1));
  });

  it('flags monthly actives above users, old Lemmy and WordPress, and frozen counts after 60 days', async () => {
    expect(kindsOf(await anomaliesOn(census.db, LAST))).toEqual([
      'active_above_total active.example',
      'erratic baffle.example',
      'frozen frozen.example',
      'known_inflation old-lemmy.example',
      'known_inflation wp.example',
      'outlier_total big.example', // 1.5 M users where no other Mastodon server has more than 1,100
    ]);
    const frozen = await anomaliesOn(census.db, LAST, 'frozen');
    expect(frozen[0]!.detail).toBe('users_total 777 and local_posts 5000 unchanged since 2024-01-01');
    // 30 days unchanged is not yet frozen.
    expect(await anomaliesOn(census.db, '2024-01-31', 'frozen')).toEqual([]);
  });

  it('lists nothing for a day without snapshots', async () => {
    expect(await anomaliesOn(census.db, '2023-06-01')).toEqual([]);
  });
});

// The anomaly kinds that compare a server with the rest of the network and with its own figures, and what the
// summary leaves out because of them (docs/methodology.md, "No single server moves a headline").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anomaliesOn } from '../../../api/metrics/anomalies.ts';
import { summaryForDay } from '../../../api/metrics/summary.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from './memory-census.ts';

const DAY = '2024-05-01';
const one = (v: number | null) => ({ [DAY]: v });

let census: MemoryCensus;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'a.example', software: 'mastodon', users: one(20_000), active: one(4000), posts: one(900_000) },
      { domain: 'b.example', software: 'mastodon', users: one(30_000), active: one(5000), posts: one(1_000_000) },
      // 999,999,999 users and seven monthly actives: far above every other Mastodon server, actives a vanishing share.
      { domain: 'loud.example', software: 'mastodon', users: one(999_999_999), active: one(7), posts: one(5000) },
      // Nine times the next Mastodon server: big, not an outlier.
      { domain: 'big.example', software: 'mastodon', users: one(270_000), active: one(50_000), posts: one(9_000_000) },
      // The only server of its software: compared with the whole network (the largest other has 999,999,999).
      { domain: 'alone.example', software: 'peertube', users: one(150_000), active: one(100), posts: one(1000) },
      // Two users and 2.5 M posts: 1.25 M posts each, impossible.
      { domain: 'posty.example', software: 'pleroma', users: one(2), active: one(1), posts: one(2_500_000) },
      // No user count: posts per user cannot be judged.
      { domain: 'silent.example', software: 'diaspora', users: one(null), posts: one(5_000_000) },
    ]),
  );
});
afterAll(() => census.close());

describe('anomalies against the rest of the network', () => {
  it('flags far above every other server of its software, vanishing actives and impossible posts per user', async () => {
    const found = (await anomaliesOn(census.db, DAY)).filter((a) => ['outlier_total', 'active_vanishing', 'posts_per_user'].includes(a.kind));
    expect(found.map((a) => `${a.kind} ${a.domain}`)).toEqual([
      'active_vanishing alone.example', // 100 of 150,000 is below 0.1%
      'active_vanishing loud.example',
      'outlier_total loud.example',
      'posts_per_user posty.example',
    ]);
    expect(found.find((a) => a.kind === 'outlier_total')!.detail).toBe(
      'users_total 999999999 is more than 10 times 270000, the largest of any other mastodon server that day, and more than the 470002 of every other server together',
    );
    expect(found.find((a) => a.kind === 'posts_per_user')!.detail).toBe('local_posts 2500000 is more than 1000000 per user for users_total 2');
  });

  it('compares a server alone in its software with every other server', async () => {
    await census.db.all(`UPDATE snapshots SET users_total = 3000000, users_active_month = 400000 WHERE domain = 'alone.example'`);
    try {
      const outliers = (await anomaliesOn(census.db, DAY, 'outlier_total')).map((a) => a.detail);
      // 3 M is not ten times loud.example's claim: alone.example is compared with it, and not flagged.
      expect(outliers).toHaveLength(1);
      await census.db.all(`UPDATE snapshots SET users_total = 1000 WHERE domain = 'loud.example'`);
      expect((await anomaliesOn(census.db, DAY, 'outlier_total')).map((a) => a.detail)).toEqual([
        'users_total 3000000 is more than 10 times 270000, the largest of any other server that day, and more than the 321002 of every other server together',
      ]);
    } finally {
      await census.db.all(`UPDATE snapshots SET users_total = 150000, users_active_month = 100 WHERE domain = 'alone.example'`);
      await census.db.all(`UPDATE snapshots SET users_total = 999999999 WHERE domain = 'loud.example'`);
    }
  });
});

describe('the largest real server', () => {
  it('is not an outlier when the rest of the network holds more users than it, however far above its software', async () => {
    // mastodon.social's case: more than ten times the next Mastodon server in a census that misses a few big
    // ones, but a minority of the network.
    const real = await memoryCensus(
      censusSql([
        { domain: 'largest.example', software: 'mastodon', users: one(2_900_000), active: one(300_000), posts: one(100_000_000) },
        { domain: 'next.example', software: 'mastodon', users: one(250_000), active: one(30_000), posts: one(9_000_000) },
        { domain: 'misskey.example', software: 'misskey', users: one(2_000_000), posts: one(50_000_000) },
        { domain: 'lemmy.example', software: 'lemmy', users: one(1_000_000), active: one(50_000), posts: one(3_000_000) },
      ]),
    );
    try {
      expect(await anomaliesOn(real.db, DAY, 'outlier_total')).toEqual([]);
      expect((await summaryForDay(real.db, DAY)).users_total).toBe(6_150_000);
      // Without the rest of the network it would be one: the rule needs both.
      await real.db.all(`DELETE FROM snapshots WHERE domain IN ('misskey.example', 'lemmy.example')`);
      expect((await anomaliesOn(real.db, DAY, 'outlier_total')).map((a) => a.domain)).toEqual(['largest.example']);
    } finally {
      real.close();
    }
  });
});

describe('the summary leaves flagged figures out', () => {
  it('sums without them by default and says how many servers and users it left out, by kind', async () => {
    const s = await summaryForDay(census.db, DAY);
    expect(s.anomalies).toBe('exclude');
    expect(s.servers).toBe(7); // every server reached still counts as reached
    expect(s.users_total).toBe(20_000 + 30_000 + 270_000 + 2);
    expect(s.users_active_month).toBe(4000 + 5000 + 50_000 + 1);
    expect(s.local_posts).toBe(900_000 + 1_000_000 + 5000 + 9_000_000 + 1000 + 5_000_000);
    expect(s.reporting).toEqual({ users_total: 4, users_active_month: 4, local_posts: 6 });
    expect(s.left_out).toEqual({
      servers: 3,
      users_total: 999_999_999 + 150_000,
      users_active_month: 7 + 100,
      local_posts: 2_500_000,
      by_kind: [
        { kind: 'outlier_total', servers: 1, users_total: 999_999_999, users_active_month: 7, local_posts: 0 },
        { kind: 'active_vanishing', servers: 2, users_total: 999_999_999 + 150_000, users_active_month: 7 + 100, local_posts: 0 },
        { kind: 'posts_per_user', servers: 1, users_total: 0, users_active_month: 0, local_posts: 2_500_000 },
        { kind: 'known_inflation', servers: 0, users_total: 0, users_active_month: 0, local_posts: 0 },
        { kind: 'active_above_total', servers: 0, users_total: 0, users_active_month: 0, local_posts: 0 },
      ],
    });
    const mastodon = s.software.find((x) => x.name === 'mastodon')!;
    expect(mastodon).toEqual({ name: 'mastodon', servers: 4, users_total: 320_000, users_active_month: 59_000 });
    // A software whose only server was left out reports nothing: null, not 0.
    expect(s.software.find((x) => x.name === 'peertube')).toEqual({ name: 'peertube', servers: 1, users_total: null, users_active_month: null });
  });

  it('keeps the raw sums with anomalies=include', async () => {
    const s = await summaryForDay(census.db, DAY, 'include');
    expect(s.users_total).toBe(20_000 + 30_000 + 999_999_999 + 270_000 + 150_000 + 2);
    expect(s.local_posts).toBe(900_000 + 1_000_000 + 5000 + 9_000_000 + 1000 + 2_500_000 + 5_000_000);
    expect(s.left_out.servers).toBe(0);
    expect(s.left_out.by_kind.every((k) => k.servers === 0)).toBe(true);
  });

  it('says null, not 0, where no server reported a figure', async () => {
    const empty = await memoryCensus(censusSql([{ domain: 'x.example', software: 'diaspora', users: one(null) }]));
    try {
      const s = await summaryForDay(empty.db, DAY);
      expect([s.servers, s.users_total, s.users_active_month, s.local_posts]).toEqual([1, null, null, null]);
    } finally {
      empty.close();
    }
  });
});

describe('users_growth leaves out the growth of a claim the summary leaves out', () => {
  it('counts no growth into an outlier_total or active_vanishing observation, nor out of one, by default', async () => {
    const W = ['2024-05-01', '2024-05-08', '2024-05-15'] as const;
    const growth = await memoryCensus(
      censusSql([
        { domain: 'a.example', software: 'mastodon', users: series(W, [20_000, 20_100, 20_200]), active: series(W, [4000, 4000, 4000]) },
        // 40% a week: no jump, but monthly actives a vanishing share of an enormous total.
        { domain: 'vanishing.example', software: 'mastodon', users: series(W, [5_000_000, 7_000_000, 7_000_500]), active: series(W, [3, 3, 6000]) },
      ]),
    );
    try {
      const { weeklyJoinsBySoftware } = await import('../../../api/metrics/weekly.ts');
      const byWeek = (rows: readonly { week: string; users_growth: number | null }[]) =>
        Object.fromEntries(rows.map((r) => [r.week, r.users_growth]));
      // Weeks of 2024-05-06 and 2024-05-13: a.example's 100 each; the step into the flagged 7,000,000 and the
      // step out of it (to an observation no longer flagged) are no growth.
      expect(byWeek(await weeklyJoinsBySoftware(growth.db))).toEqual({ '2024-04-29': null, '2024-05-06': 100, '2024-05-13': 100 });
      expect(byWeek(await weeklyJoinsBySoftware(growth.db, null, 'include'))).toEqual({ '2024-04-29': null, '2024-05-06': 2_000_100, '2024-05-13': 600 });
    } finally {
      growth.close();
    }
  });
});

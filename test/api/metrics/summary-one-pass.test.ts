// summaryForDay computes the day's network flags once, in one statement with its totals, software rows and the
// servers it leaves out: its figures must be those of the separate queries (softwareForDay, leftOutOn).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leftOutOn } from '../../../api/metrics/left-out.ts';
import { softwareForDay, summaryForDay } from '../../../api/metrics/summary.ts';
import { censusSql, memoryCensus, type MemoryCensus } from './memory-census.ts';

const DAY = '2024-05-01';
const one = (v: number | null) => ({ [DAY]: v });

let census: MemoryCensus;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'a.example', software: 'mastodon', users: one(20_000), active: one(4000), posts: one(900_000) },
      { domain: 'b.example', software: 'mastodon', users: one(30_000), active: one(5000), posts: one(1_000_000) },
      { domain: 'loud.example', software: 'mastodon', users: one(999_999_999), active: one(7), posts: one(5000) }, // outlier_total, active_vanishing
      { domain: 'posty.example', software: 'pleroma', users: one(2), active: one(1), posts: one(2_500_000) }, // posts_per_user
      { domain: 'odd.example', software: 'pleroma', users: one(10), active: one(500), posts: one(20) }, // active_above_total
      { domain: 'blog.example', software: 'wordpress', users: one(40_000), active: one(300), posts: one(70) }, // known_inflation
      { domain: 'silent.example', software: 'diaspora', users: one(null), active: one(null), posts: one(5_000_000) },
    ]),
  );
});
afterAll(() => census.close());

describe('summaryForDay in one statement', () => {
  it('gives the figures of the separate queries, in both anomaly modes', async () => {
    for (const mode of ['exclude', 'include'] as const) {
      const s = await summaryForDay(census.db, DAY, mode);
      expect(s.software).toEqual(await softwareForDay(census.db, DAY, mode));
      expect(s.left_out).toEqual(await leftOutOn(census.db, DAY, mode));
      expect(s.servers).toBe(7);
    }
  });

  it('leaves out each flagged figure once and sums the rest', async () => {
    const s = await summaryForDay(census.db, DAY);
    expect(s.left_out).toMatchObject({ servers: 4, users_total: 999_999_999 + 10 + 40_000, users_active_month: 7 + 500 + 300, local_posts: 2_500_000 });
    expect(s).toMatchObject({ users_total: 50_002, users_active_month: 9001, local_posts: 900_000 + 1_000_000 + 5000 + 20 + 70 + 5_000_000 });
    expect(s.reporting).toEqual({ users_total: 3, users_active_month: 3, local_posts: 6 });
    const all = await summaryForDay(census.db, DAY, 'include');
    expect(all.users_total).toBe(50_002 + 999_999_999 + 10 + 40_000);
    expect(all.left_out.servers).toBe(0);
  });
});

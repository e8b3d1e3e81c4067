import { describe, expect, it } from 'vitest';
import { dailySeries } from '../../../api/metrics/daily.ts';
import { firstDay, isCrawledDay, latestDay, softwareForDay, summaryForDay } from '../../../api/metrics/summary.ts';
import { D1, D2, D3, fixtureDbForFile } from '../fixture.ts';

const db = fixtureDbForFile(2);

describe('summaryForDay', () => {
  it('counts servers with a snapshot and sums skipping NULLs', async () => {
    const s = await summaryForDay(db, D3);
    expect(s).toMatchObject({ day: D3, servers: 5, users_total: 495, users_active_month: 69, local_posts: 6600 });
    // misskey's users_active_month and lemmy's local_posts are NULL on D3: skipped, and said so.
    expect(s.reporting).toEqual({ users_total: 5, users_active_month: 4, local_posts: 4 });
  });

  it('breaks down by the software each server reported that day, most servers first then by name', async () => {
    expect((await summaryForDay(db, D3)).software.map((x) => x.name)).toEqual(['akkoma', 'gotosocial', 'lemmy', 'mastodon', 'misskey']);
    expect(await softwareForDay(db, D2)).toEqual([
      { name: 'lemmy', servers: 1, users_total: 190, users_active_month: 21 },
      { name: 'mastodon', servers: 1, users_total: 120, users_active_month: 35 },
      { name: 'misskey', servers: 1, users_total: null, users_active_month: 12 }, // not reported is not zero
      { name: 'pleroma', servers: 1, users_total: 10, users_active_month: 2 },
    ]);
  });

  it('reports coverage: known (excluded left out), attempted, ok, disallowed', async () => {
    expect((await summaryForDay(db, D1)).coverage).toEqual({ known: 5, attempted: 5, ok: 3, disallowed: 1 });
    expect((await summaryForDay(db, D3)).coverage).toEqual({ known: 6, attempted: 6, ok: 5, disallowed: 0 });
  });

  it('knows the first, latest and crawled days', async () => {
    expect(await latestDay(db)).toBe(D3);
    expect(await firstDay(db)).toBe(D1);
    expect(await isCrawledDay(db, D2)).toBe(true);
    expect(await isCrawledDay(db, '2024-01-04')).toBe(false);
  });
});

describe('dailySeries', () => {
  it('sums a figure per crawled day, skipping NULLs', async () => {
    expect(await dailySeries(db, { metric: 'users_total' })).toEqual([
      { day: D1, value: 350, reporting: 3 },
      { day: D2, value: 320, reporting: 3 },
      { day: D3, value: 495, reporting: 5 },
    ]);
  });

  it('counts servers, within a range', async () => {
    expect(await dailySeries(db, { metric: 'servers', from: D2, to: D3 })).toEqual([
      { day: D2, value: 4, reporting: 4 },
      { day: D3, value: 5, reporting: 5 },
    ]);
  });

  it('filters by the latest known software', async () => {
    expect(await dailySeries(db, { metric: 'local_posts', software: 'akkoma' })).toEqual([
      { day: D2, value: 250, reporting: 1 },
      { day: D3, value: 300, reporting: 1 },
    ]);
    expect(await dailySeries(db, { metric: 'users_active_month', software: 'nothing' })).toEqual([]);
  });
});

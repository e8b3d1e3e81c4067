// The per-observation kinds that make a server's level untrustworthy (known_inflation, active_above_total) leave
// its figures out of the summary's sums by default, as the network kinds do; jump, erratic and frozen concern
// growth steps and stay counted (docs/methodology.md, "left_out").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { anomaliesOn } from '../../../api/metrics/anomalies.ts';
import { summaryForDay } from '../../../api/metrics/summary.ts';
import { overviewCharts, overviewPage } from '../../../web/pages/overview.ts';
import { collectSite } from '../../../web/collect.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from './memory-census.ts';

const D = ['2024-05-01', '2024-05-08'] as const;
const DAY = D[1];

let census: MemoryCensus;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'a.example', software: 'mastodon', users: series(D, [1000, 1000]), active: series(D, [100, 100]), posts: series(D, [5000, 5000]) },
      // The ActivityPub plugin counts every account of the site.
      { domain: 'blog.example', software: 'wordpress', users: series(D, [40_000, 40_000]), active: series(D, [300, 300]), posts: series(D, [70, 70]) },
      // Lemmy before 0.18 counted remote users in users.total (LemmyNet/lemmy#3419).
      { domain: 'old-lemmy.example', software: 'lemmy', version: '0.17.4', users: series(D, [25_000, 25_000]), active: series(D, [40, 40]), posts: series(D, [900, 900]) },
      // A fixed Lemmy stays counted.
      { domain: 'new-lemmy.example', software: 'lemmy', version: '0.19.3', users: series(D, [800, 800]), active: series(D, [80, 80]), posts: series(D, [400, 400]) },
      // More monthly actives than users: one of the two is wrong.
      { domain: 'odd.example', software: 'pleroma', users: series(D, [10, 10]), active: series(D, [500, 500]), posts: series(D, [20, 20]) },
      // A jump concerns growth, not the day's level: it stays in the sums.
      { domain: 'jumpy.example', software: 'mastodon', users: series(D, [2000, 30_000]), active: series(D, [10, 3000]), posts: series(D, [10, 10]) },
    ]),
  );
});
afterAll(() => census.close());

describe('the summary leaves out servers whose level is untrustworthy', () => {
  it('flags them that day', async () => {
    const kinds = (await anomaliesOn(census.db, DAY)).map((a) => `${a.kind} ${a.domain}`);
    expect(kinds).toEqual(['active_above_total odd.example', 'jump jumpy.example', 'known_inflation blog.example', 'known_inflation old-lemmy.example']);
  });

  it('sums without known_inflation and active_above_total by default, keeps a jump, and says what it left out', async () => {
    const s = await summaryForDay(census.db, DAY);
    expect(s.servers).toBe(6);
    expect(s.users_total).toBe(1000 + 800 + 30_000);
    expect(s.users_active_month).toBe(100 + 80 + 3000);
    // Posts are counted apart from the inflated user count: they stay.
    expect(s.local_posts).toBe(5000 + 70 + 900 + 400 + 20 + 10);
    expect(s.left_out).toMatchObject({ servers: 3, users_total: 40_000 + 25_000 + 10, users_active_month: 300 + 40 + 500, local_posts: 0 });
    const byKind = Object.fromEntries(s.left_out.by_kind.map(({ kind, ...f }) => [kind, f]));
    expect(byKind.known_inflation).toEqual({ servers: 2, users_total: 65_000, users_active_month: 340, local_posts: 0 });
    expect(byKind.active_above_total).toEqual({ servers: 1, users_total: 10, users_active_month: 500, local_posts: 0 });
    expect(s.software.find((x) => x.name === 'wordpress')).toEqual({ name: 'wordpress', servers: 1, users_total: null, users_active_month: null });
    expect(s.software.find((x) => x.name === 'lemmy')).toEqual({ name: 'lemmy', servers: 2, users_total: 800, users_active_month: 80 });
  });

  it('keeps the raw sums with anomalies=include', async () => {
    const s = await summaryForDay(census.db, DAY, 'include');
    expect(s.users_total).toBe(1000 + 40_000 + 25_000 + 800 + 10 + 30_000);
    expect(s.left_out.servers).toBe(0);
  });

  it('says so under the overview headline, with why', async () => {
    const page = overviewPage(await collectSite(census.db), overviewCharts(await collectSite(census.db)));
    const at = page.indexOf('id="headline-left-out"');
    const section = page.slice(at, page.indexOf('</div>', at));
    expect(section).toContain('Left out of these sums: <span data-n="3">3</span> servers</strong>');
    expect(section).toContain('<code>known_inflation</code>: <span data-n="2">2</span> servers');
    expect(section).toContain('the server runs software known to count more than its own users (WordPress counts every account of the site');
    expect(section).toContain('<code>active_above_total</code>: <span data-n="1">1</span> server');
    expect(section).toContain('blog.example');
    expect(section).not.toContain('jumpy.example');
  });
});

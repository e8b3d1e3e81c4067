// The overview and the checker say what the summary left out: one server claiming 999,999,999 users.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkView } from '../../../web/client/check-words.ts';
import { computeCheck, defaultState } from '../../../web/client/check-figure.ts';
import { collectSite, type SiteData } from '../../../web/collect.ts';
import { checkFile } from '../../../web/pages/check.ts';
import { overviewCharts, overviewPage } from '../../../web/pages/overview.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from '../../api/metrics/memory-census.ts';

const D = ['2024-03-06', '2024-03-13'] as const;

let census: MemoryCensus;
let data: SiteData;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'a.example', software: 'mastodon', users: series(D, [1000, 1010]), active: series(D, [100, 110]) },
      { domain: 'b.example', software: 'mastodon', users: series(D, [500, 505]), active: series(D, [50, 55]) },
      { domain: 'huge.example', software: 'mastodon', users: series(D, [999_999_999, 999_999_999]), active: series(D, [5, 5]) },
      { domain: 'quiet.example', software: 'pleroma', users: series(D, [null, null]) },
    ]),
  );
  data = await collectSite(census.db);
});
afterAll(() => census.close());

describe('what the summary leaves out, on the pages', () => {
  it('shows it under the overview headline: servers, users, why, which; and the headline without it', () => {
    const page = overviewPage(data, overviewCharts(data));
    expect(page).toContain('<dd id="headline-users" data-n="1515">1515</dd>');
    const section = page.slice(page.indexOf('id="headline-left-out"'), page.indexOf('</div>', page.indexOf('id="headline-left-out"')));
    expect(section).toContain('Left out of these sums: <span data-n="1">1</span> server</strong>');
    expect(section).toContain('<span data-n="999999999">999999999</span> users, <span data-n="5">5</span> monthly active users');
    expect(section).toContain('<code>outlier_total</code>');
    expect(section).toContain('huge.example');
  });

  it('lists it in Check a figure', () => {
    const file = checkFile(data);
    expect(file.leftOut).toMatchObject({ day: D[1], servers: 1, usersTotal: 999_999_999 });
    const lines = checkView(file, computeCheck(file, defaultState(file)), 'x').leftOut;
    expect(lines[0]).toContain('leaves out the figures of 1 server flagged as anomalies (999,999,999 users');
    expect(lines.some((l) => l.startsWith('huge.example (outlier_total)'))).toBe(true);
  });

  it('says "not reported" where no server reported a figure', () => {
    const pleroma = data.summary!.software.find((s) => s.name === 'pleroma')!;
    expect(pleroma.users_total).toBeNull();
    const page = overviewPage(data, overviewCharts(data));
    expect(page).toMatch(/pleroma<\/a><\/th><td class="n" data-n="1">1<\/td><td class="n" data-n="">not reported<\/td>/);
  });
});

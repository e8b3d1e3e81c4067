// The checker's change in monthly actives, from the build's pairs, against the API's activeChange.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeChange as apiActiveChange } from '../../../api/metrics/change.ts';
import { addDays } from '../../../api/metrics/dates.ts';
import { activeChange, computeCheck } from '../../../web/client/check-figure.ts';
import { collectSite, daysToCompare } from '../../../web/collect.ts';
import type { CheckFile } from '../../../web/model.ts';
import { checkFile } from '../../../web/pages/check.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from '../../api/metrics/memory-census.ts';

const D = ['2024-03-06', '2024-03-13', '2024-03-20'] as const;
const at = (...values: (number | null)[]) => series(D, values);

let census: MemoryCensus;
let file: CheckFile;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'a.example', software: 'mastodon', users: at(1000, 1000, 1000), active: at(100, 110, 130) },
      { domain: 'b.example', software: 'mastodon', users: at(500, 500, 500), active: at(50, null, 40) },
      { domain: 'c.example', software: 'misskey', users: at(300, 300, 300), active: at(30, 31, 32) },
      { domain: 'lost.example', software: 'mastodon', users: { [D[0]]: 9000 }, active: { [D[0]]: 900 } },
      { domain: 'found.example', software: 'lemmy', users: { [D[2]]: 70_000 }, active: { [D[2]]: 7000 } },
    ]),
  );
  file = checkFile(await collectSite(census.db));
});
afterAll(() => census.close());

describe("the checker's change in monthly actives", () => {
  it('equals activeChange for any dates and software', async () => {
    const dates = ['2024-03-01', D[0], '2024-03-10', D[1], D[2], '2024-04-01'];
    for (const software of ['', 'mastodon', 'misskey', 'lemmy']) {
      for (const [i, from] of dates.entries()) {
        for (const to of dates.slice(i)) {
          const api = await apiActiveChange(census.db, { from, to, software: software || null });
          const site = activeChange(file, { software, from, to });
          const label = `${software} ${from} ${to}`;
          if (api.from === null) {
            expect(site, label).toBeNull();
            continue;
          }
          expect(site, label).toEqual({
            fromDay: api.from,
            toDay: api.to,
            change: api.change,
            compared: api.servers_compared,
            fromValue: api.users_active_month_from,
            toValue: api.users_active_month_to,
            onlyFrom: api.servers_only_from,
            onlyTo: api.servers_only_to,
          });
        }
      }
    }
  });

  it('is not the difference of the daily sums when servers come and go', () => {
    // Daily sums: 1080 on D1, 7202 on D3; over the three servers on both days: 180 -> 202.
    expect(computeCheck(file, { software: '', from: D[0], to: D[2] }).active).toMatchObject({ change: 22, compared: 3, onlyFrom: 1, onlyTo: 1 });
  });
});

describe('daysToCompare', () => {
  it('keeps every day of a short history, and the first of each month plus the last 31 of a long one', () => {
    const short = Array.from({ length: 62 }, (_, i) => addDays('2024-01-01', i));
    expect(daysToCompare(short)).toEqual(short);
    const long = Array.from({ length: 400 }, (_, i) => addDays('2024-01-01', i));
    const kept = daysToCompare(long);
    expect(kept.slice(-31)).toEqual(long.slice(-31));
    expect(kept.filter((d) => !long.slice(-31).includes(d))).toEqual(
      ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01'].map((m) => `${m}-01`),
    );
  });
});

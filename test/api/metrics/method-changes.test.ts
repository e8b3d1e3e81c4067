// Method changes computed from the census (docs/methodology.md, "Method changes").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFINITION_CHANGES, methodChanges } from '../../../api/metrics/method-changes.ts';
import { censusSql, memoryCensus, type MemoryCensus } from './memory-census.ts';

// Crawls on 05-01, 05-02, 05-03, then none until 05-07 (a gap of 3 days), 05-08 and 05-09.
// Servers reached: 20, 21, 40 (+19, +90%: a coverage jump), 40, 30 (-10: not more than 10), 12 (-18, -60%).
const DAYS = ['2024-05-01', '2024-05-02', '2024-05-03', '2024-05-07', '2024-05-08', '2024-05-09'];
const REACHED = [20, 21, 40, 40, 30, 12];

let census: MemoryCensus;
beforeAll(async () => {
  const specs = Array.from({ length: 40 }, (_, i) => ({
    domain: `s${i}.example`,
    software: 'mastodon',
    users: Object.fromEntries(DAYS.filter((_, d) => i < REACHED[d]!).map((day) => [day, 100])),
  })).filter((s) => Object.keys(s.users).length > 0);
  census = await memoryCensus(censusSql(specs));
});
afterAll(() => census.close());

describe('methodChanges', () => {
  it('lists the first crawl, definition changes, coverage jumps and days without a crawl, by day', async () => {
    const changes = await methodChanges(census.db);
    const census_ = changes.filter((c) => c.kind !== 'definition');
    expect(census_.map((c) => [c.day, c.kind, c.title])).toEqual([
      ['2024-05-01', 'first_crawl', 'First crawl'],
      ['2024-05-03', 'coverage', 'Servers reached rose from 21 to 40 (+90%)'],
      ['2024-05-04', 'no_crawl', 'No crawl from 2024-05-04 to 2024-05-06 (3 days)'],
      ['2024-05-09', 'coverage', 'Servers reached fell from 30 to 12 (-60%)'],
    ]);
    expect(census_.every((c) => c.software === null && c.detail.length > 20)).toBe(true);
    expect(changes.filter((c) => c.kind === 'definition')).toHaveLength(DEFINITION_CHANGES.length);
    expect(changes.map((c) => c.day)).toEqual([...changes.map((c) => c.day)].sort());
  });

  it('names this round\'s change of servers_joined among the definition changes', () => {
    expect(DEFINITION_CHANGES.some((c) => c.title.includes('servers_joined'))).toBe(true);
  });

  it('is only the definition list for an empty census', async () => {
    const empty = await memoryCensus('');
    try {
      expect((await methodChanges(empty.db)).map((c) => c.kind)).toEqual(DEFINITION_CHANGES.map(() => 'definition'));
    } finally {
      empty.close();
    }
  });
});

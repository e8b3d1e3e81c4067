// No request pattern exhausts the API's memory (issue #12): answers are kept within a byte budget, and a
// range is clamped to the data before it names an answer. The fixture census spans 2022-06-13 (lemmy's
// creation week) to 2024-01-15 in weeks, 2024-01-03 to 2024-01-17 in crawled days (test/api/fixture.ts).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp, prepareSnapshot, warmSnapshot } from '../../api/app.ts';
import { CensusSource } from '../../api/census-source.ts';
import { buildCensus, D1, D3, type TempCensus } from './fixture.ts';
import { getJson, noTimers, silent } from './harness.ts';

const BUDGET = 40_000;
let census: TempCensus;
let source: CensusSource;
let app: OpenAPIHono;

beforeAll(async () => {
  census = await buildCensus();
  source = await CensusSource.start({
    publishDir: null,
    dbPath: census.path,
    logger: silent,
    timers: noTimers,
    warm: warmSnapshot,
    prepare: prepareSnapshot,
    answerCacheBytes: BUDGET,
  });
  app = createApp({ source, logger: silent });
});
afterAll(async () => {
  await source.close();
  await census.cleanup();
});

describe('ranges are clamped to the data before they name an answer', () => {
  it('a weekly range from the year 1000 lists the weeks of the data, not a thousand years of zeros', async () => {
    const { status, body } = await getJson(app, `/api/v1/weekly?from=1000-01-01&to=${D3}`);
    expect(status).toBe(200);
    expect(body.from).toBe('2022-06-13');
    expect(body.weeks[0].week).toBe('2022-06-13');
    expect(body.weeks.at(-1).week).toBe('2024-01-15');
  });

  it('two weekly ranges that both start before the data share one cache entry', async () => {
    await getJson(app, `/api/v1/weekly?from=1000-01-01&to=${D1}`);
    const entries = source.cacheStats().entries;
    const again = await getJson(app, `/api/v1/weekly?from=2019-01-01&to=${D1}`);
    expect(again.status).toBe(200);
    expect(source.cacheStats().entries).toBe(entries);
  });

  it('a weekly range ending far in the future ends at the last week with data', async () => {
    const { body } = await getJson(app, '/api/v1/weekly?from=2024-01-01&to=9999-12-31');
    expect(body.to).toBe('2024-01-15');
    expect(body.weeks.map((w: { week: string }) => w.week)).toEqual(['2024-01-01', '2024-01-08', '2024-01-15']);
  });

  it('a range that misses the data answers an empty series', async () => {
    const before = await getJson(app, '/api/v1/weekly?from=1000-01-01&to=1000-12-31');
    expect(before.status).toBe(200);
    expect(before.body.weeks).toEqual([]);
    const after = await getJson(app, '/api/v1/daily?metric=servers&from=3000-01-01');
    expect(after.body.days).toEqual([]);
  });

  it('daily ranges past both ends are one answer, clamped to the crawled days', async () => {
    const wide = await getJson(app, '/api/v1/daily?metric=servers&from=1000-01-01&to=9999-12-31');
    expect(wide.body).toMatchObject({ from: D1, to: D3 });
    const entries = source.cacheStats().entries;
    await getJson(app, '/api/v1/daily?metric=servers&from=2001-01-01&to=2100-01-01');
    expect(source.cacheStats().entries).toBe(entries);
  });
});

describe('answers are kept within a byte budget', () => {
  it('hundreds of distinct valid queries never take the cache over its budget', async () => {
    for (let i = 0; i < 300; i++) {
      const day = new Date(Date.UTC(2022, 5, 13) + i * 86_400_000).toISOString().slice(0, 10);
      const res = await app.request(`/api/v1/weekly?from=${day}&to=${D3}`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(res.status).toBe(200);
      await res.arrayBuffer();
      expect(source.cacheStats().bytes).toBeLessThanOrEqual(BUDGET);
    }
    expect(source.cacheStats().entries).toBeGreaterThan(1);
  });
});

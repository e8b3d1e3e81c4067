// GET /api/v1/daily: one figure summed per crawled day.
import { createRoute } from '@hono/zod-openapi';
import { problemResponse } from '../http/errors.ts';
import { DailyQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { Daily, jsonOrCsv } from '../http/schemas.ts';
import { dailySeries } from '../metrics/daily.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { clampToExtent, crawledExtent, type DayRange, type Extent } from '../metrics/extent.ts';
import type { CensusSnapshot } from '../snapshot.ts';
import { checkSoftware } from './summary.ts';

/** The first and last crawled day, once per snapshot. */
export function crawledExtentOf(snapshot: CensusSnapshot): Promise<Extent | null> {
  return snapshot.remember('crawled-extent', () => crawledExtent(snapshot));
}

/** The asked range clamped to the crawled days (metrics/extent.ts); null when it holds none of them. */
async function clampedDays(snapshot: CensusSnapshot, asked: DayRange): Promise<DayRange | null> {
  return clampToExtent(asked, await crawledExtentOf(snapshot));
}

const dailyRoute = createRoute({
  method: 'get',
  path: '/daily',
  operationId: 'getDaily',
  summary: 'A daily series of one figure',
  description: DEFINITIONS.daily,
  request: { query: DailyQuery },
  responses: {
    200: jsonOrCsv(Daily, 'one row per crawled day, ordered by day'),
    400: problemResponse('a bad parameter'),
    404: problemResponse('a software no server has'),
  },
});

export function dailyRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(dailyRoute, (c) => {
    const query = c.req.valid('query');
    const asked: DayRange = { from: query.from ?? null, to: query.to ?? null };
    return serveData(c, source, {
      // Clamped before it names the answer, so every range reaching past the data shares one entry.
      key: async (snapshot) => keyOf('daily', { ...query, ...((await clampedDays(snapshot, asked)) ?? asked) }),
      format: query.format,
      name: `daily-${query.metric}`,
      compute: async (snapshot) => {
        await checkSoftware(snapshot, query.software);
        const clamped = await clampedDays(snapshot, asked);
        const params = { metric: query.metric, ...(clamped ?? asked), software: query.software ?? null };
        const days = clamped ? await dailySeries(snapshot, params) : [];
        return {
          json: { ...params, days },
          csv: { columns: ['day', 'value', 'reporting'], rows: days },
          definitions: { daily: DEFINITIONS.daily, sums: DEFINITIONS.sums, software_filter: DEFINITIONS.software_filter },
        };
      },
    });
  });
  return app;
}

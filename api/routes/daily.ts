// GET /api/v1/daily: one figure summed per crawled day.
import { createRoute } from '@hono/zod-openapi';
import { problemResponse } from '../http/errors.ts';
import { DailyQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { Daily, jsonOrCsv } from '../http/schemas.ts';
import { dailySeries } from '../metrics/daily.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { checkSoftware } from './summary.ts';

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
    return serveData(c, source, {
      key: keyOf('daily', query),
      format: query.format,
      name: `daily-${query.metric}`,
      compute: async (snapshot) => {
        await checkSoftware(snapshot, query.software);
        const params = { metric: query.metric, from: query.from ?? null, to: query.to ?? null, software: query.software ?? null };
        const days = await dailySeries(snapshot, params);
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

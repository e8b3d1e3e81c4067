// GET /api/v1/days: the days the census crawled, with each day's coverage, so a client knows which days it
// can ask for (summary?day, change?from) and how complete each is, instead of guessing and getting a 404.
import { createRoute } from '@hono/zod-openapi';
import { problemResponse } from '../http/errors.ts';
import { DaysQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { Days, jsonOrCsv } from '../http/schemas.ts';
import { crawledDays } from '../metrics/days.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';

const daysRoute = createRoute({
  method: 'get',
  path: '/days',
  operationId: 'listDays',
  summary: 'The crawled days, with the coverage of each',
  description: `${DEFINITIONS.day}\n\n${DEFINITIONS.coverage}`,
  request: { query: DaysQuery },
  responses: {
    200: jsonOrCsv(Days, 'one row per crawled day, oldest first'),
    400: problemResponse('a bad parameter'),
  },
});

const COLUMNS = ['day', 'servers', 'known', 'attempted', 'ok', 'disallowed'] as const;

export function dayRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(daysRoute, (c) => {
    const query = c.req.valid('query');
    return serveData(c, source, {
      key: keyOf('days', query),
      format: query.format,
      name: 'days',
      compute: async (snapshot) => {
        const range = { from: query.from ?? null, to: query.to ?? null };
        const days = await crawledDays(snapshot, range);
        return {
          json: { ...range, days },
          csv: { columns: COLUMNS, rows: days },
          definitions: { day: DEFINITIONS.day, servers: DEFINITIONS.servers, coverage: DEFINITIONS.coverage },
        };
      },
    });
  });
  return app;
}

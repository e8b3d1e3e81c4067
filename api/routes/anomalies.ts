// GET /api/v1/anomalies: the servers whose figures a day were flagged as anomalies (definitions.ts,
// "anomalies"), which users_joined leaves out by default. Needs each listed server's whole history (the
// windows look back and ahead), so it is computed once per snapshot, day and kind.
import { createRoute } from '@hono/zod-openapi';
import { problemResponse } from '../http/errors.ts';
import { AnomaliesQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { Anomalies, jsonOrCsv } from '../http/schemas.ts';
import { anomaliesOn } from '../metrics/anomalies.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { askedDayOf } from './summary.ts';

const anomaliesRoute = createRoute({
  method: 'get',
  path: '/anomalies',
  operationId: 'getAnomalies',
  summary: 'Servers whose figures were flagged as anomalies on a day',
  description: `${DEFINITIONS.anomalies}\n\n${DEFINITIONS.anomalies_in_growth}`,
  request: { query: AnomaliesQuery },
  responses: {
    200: jsonOrCsv(Anomalies, 'one row per flagged server and kind, by kind then domain'),
    400: problemResponse('a bad parameter'),
    404: problemResponse('no crawl on that day'),
  },
});

export function anomalyRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(anomaliesRoute, (c) => {
    const query = c.req.valid('query');
    return serveData(c, source, {
      key: keyOf('anomalies', query),
      format: query.format,
      name: 'anomalies',
      compute: async (snapshot) => {
        const day = await askedDayOf(snapshot, query.day);
        const kind = query.kind ?? null;
        const anomalies = day ? await anomaliesOn(snapshot, day, kind) : [];
        return {
          json: { day, kind, anomalies },
          csv: { columns: ['domain', 'day', 'kind', 'detail'], rows: anomalies },
          definitions: { day: DEFINITIONS.day, anomalies: DEFINITIONS.anomalies, anomalies_in_growth: DEFINITIONS.anomalies_in_growth },
        };
      },
    });
  });
  return app;
}

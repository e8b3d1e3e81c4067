// GET /api/v1/change: the change in monthly actives between two days, over the servers observed on both
// (definitions.ts, "active_change"), so discovery and lost servers never show as users gained or lost.
import { createRoute } from '@hono/zod-openapi';
import { ApiError, problemResponse } from '../http/errors.ts';
import { ChangeQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { Change } from '../http/schemas.ts';
import { activeChange } from '../metrics/change.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { checkSoftware } from './summary.ts';

const changeRoute = createRoute({
  method: 'get',
  path: '/change',
  operationId: 'getChange',
  summary: 'Change in monthly active users between two days, over servers observed on both',
  description: DEFINITIONS.active_change,
  request: { query: ChangeQuery },
  responses: {
    200: { description: 'the two days compared and the sums over the servers reporting on both', content: { 'application/json': { schema: Change } } },
    400: problemResponse('a bad parameter'),
    404: problemResponse('no crawl with figures on or before from, or a software no server has'),
  },
});

export function changeRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(changeRoute, (c) => {
    const query = c.req.valid('query');
    return serveData(c, source, {
      key: keyOf('change', query),
      name: 'change',
      compute: async (snapshot) => {
        const software = query.software ?? null;
        await checkSoftware(snapshot, software);
        const change = await activeChange(snapshot, { from: query.from, to: query.to, software });
        if (change.from === null) {
          // Nothing to compare from: a change of 0 would read as "no change".
          const message = `from ${query.from} is before the first crawl with figures (GET /api/v1/days lists the crawled days)`;
          throw new ApiError(404, message, [{ parameter: 'from', in: 'query', message }]);
        }
        return {
          json: { requested_from: query.from, requested_to: query.to, software, ...change },
          definitions: { active_change: DEFINITIONS.active_change, software_filter: DEFINITIONS.software_filter },
        };
      },
    });
  });
  return app;
}

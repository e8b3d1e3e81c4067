// GET /api/v1/change: the change in monthly actives between two days, over the servers observed on both
// (definitions.ts, "active_change"), so discovery and lost servers never show as users gained or lost.
import { createRoute } from '@hono/zod-openapi';
import { ErrorBody } from '../http/errors.ts';
import { ChangeQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { Change } from '../http/schemas.ts';
import { activeChange } from '../metrics/change.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';

const changeRoute = createRoute({
  method: 'get',
  path: '/change',
  summary: 'Change in monthly active users between two days, over servers observed on both',
  description: DEFINITIONS.active_change,
  request: { query: ChangeQuery },
  responses: {
    200: { description: 'the two days compared and the sums over the servers reporting on both', content: { 'application/json': { schema: Change } } },
    400: { description: 'a bad parameter', content: { 'application/json': { schema: ErrorBody } } },
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
        const change = await activeChange(snapshot, { from: query.from, to: query.to, software });
        return {
          json: { requested_from: query.from, requested_to: query.to, software, ...change },
          definitions: { active_change: DEFINITIONS.active_change, software_filter: DEFINITIONS.software_filter },
        };
      },
    });
  });
  return app;
}

// GET /api/v1/method-changes: the dated changes of method and coverage (definitions.ts, "method_changes"),
// which the site marks on every time chart and the datasets ship as a changelog.
import { createRoute } from '@hono/zod-openapi';
import { problemResponse } from '../http/errors.ts';
import { MethodChangesQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { jsonOrCsv, MethodChanges } from '../http/schemas.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { methodChanges, type MethodChange } from '../metrics/method-changes.ts';
import type { CensusSnapshot } from '../snapshot.ts';

/** The CSV columns, in the JSON's order (also the method_changes dataset's). */
export const METHOD_CHANGE_COLUMNS = ['day', 'kind', 'software', 'title', 'detail'] as const;

const methodChangesRoute = createRoute({
  method: 'get',
  path: '/method-changes',
  operationId: 'getMethodChanges',
  summary: 'Dated changes of method and coverage: first crawl, definitions, coverage jumps, days without a crawl',
  description: DEFINITIONS.method_changes,
  request: { query: MethodChangesQuery },
  responses: {
    200: jsonOrCsv(MethodChanges, 'one row per change, by day'),
    400: problemResponse('a bad parameter'),
  },
});

/** The method changes of a snapshot, once per snapshot. */
export function methodChangesOf(snapshot: CensusSnapshot): Promise<MethodChange[]> {
  return snapshot.remember('method-changes', () => methodChanges(snapshot));
}

export function methodChangeRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(methodChangesRoute, (c) => {
    const query = c.req.valid('query');
    return serveData(c, source, {
      key: keyOf('method-changes', query),
      format: query.format,
      name: 'method-changes',
      compute: async (snapshot) => {
        const changes = await methodChangesOf(snapshot);
        return {
          json: { changes },
          csv: { columns: METHOD_CHANGE_COLUMNS, rows: changes },
          definitions: { method_changes: DEFINITIONS.method_changes },
        };
      },
    });
  });
  return app;
}

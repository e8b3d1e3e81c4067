// GET /api/v1/reference: a reference series, such as Mastodon's official statistics, as its publisher
// published it (definitions: reference_series), beside the census's own figures and never summed into them.
import { createRoute } from '@hono/zod-openapi';
import { ApiError, problemResponse } from '../http/errors.ts';
import { ReferenceQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { jsonOrCsv, Reference } from '../http/schemas.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { publishedBy, referenceSeries, referenceSources } from '../metrics/reference.ts';

export const DEFAULT_REFERENCE_SOURCE = 'joinmastodon';

const referenceRoute = createRoute({
  method: 'get',
  path: '/reference',
  operationId: 'getReference',
  summary: 'A reference series published by someone else (default: Mastodon\'s official statistics)',
  description: DEFINITIONS.reference_series,
  request: { query: ReferenceQuery },
  responses: {
    200: jsonOrCsv(Reference, 'one row per day the publisher published, ordered by day'),
    400: problemResponse('a bad parameter'),
    404: problemResponse('no reference series from that source in the census'),
  },
});

export function referenceRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(referenceRoute, (c) => {
    const query = c.req.valid('query');
    const id = query.source ?? DEFAULT_REFERENCE_SOURCE;
    return serveData(c, source, {
      key: keyOf('reference', { ...query, source: id }),
      format: query.format,
      name: `reference-${id}`,
      compute: async (snapshot) => {
        if (!(await referenceSources(snapshot)).includes(id)) {
          throw new ApiError(404, `no reference series from ${id}`, [{ parameter: 'source', in: 'query', message: `source: no reference series from ${id} in this census` }]);
        }
        const series = await referenceSeries(snapshot, { source: id, from: query.from ?? null, to: query.to ?? null });
        const label = publishedBy(id);
        return {
          json: { source: id, published_by: label, from: query.from ?? null, to: query.to ?? null, days: series.days },
          csv: {
            columns: ['source', 'published_by', 'day', 'user_count', 'server_count', 'active_user_count'],
            rows: series.days.map((d) => ({ source: id, published_by: label, ...d })),
          },
          definitions: { reference_series: DEFINITIONS.reference_series },
          source: series.source,
        };
      },
    });
  });
  return app;
}

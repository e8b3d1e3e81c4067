// The Hono app: the API under /api/v1, its documents under /api, the published datasets under /data and
// the static site at /. Cross-cutting behaviour (CORS, compression, access log, problem details) is applied
// here once; each resource is a small router in api/routes/.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { OpenAPIHono } from '@hono/zod-openapi';
import { serveStatic } from '@hono/node-server/serve-static';
import { compress } from 'hono/compress';
import { cors } from 'hono/cors';
import type { CensusSource, SourceLogger } from './census-source.ts';
import { errorHandler, notFound, validationHook } from './http/errors.ts';
import { readOnly, unmatchedRequests, WRITE_METHODS } from './http/methods.ts';
import type { RouteDeps } from './http/router.ts';
import { anomalyRoutes } from './routes/anomalies.ts';
import { changeRoutes } from './routes/change.ts';
import { DATA_PAGE } from './publish/public-url.ts';
import { dataRoutes } from './routes/data.ts';
import { crawledExtentOf, dailyRoutes } from './routes/daily.ts';
import { dayRoutes } from './routes/days.ts';
import { methodChangeRoutes } from './routes/method-changes.ts';
import { definitionRoutes, mountDocs } from './routes/docs.ts';
import { referenceRoutes } from './routes/reference.ts';
import { serverRoutes } from './routes/servers.ts';
import { latestDayOf, summaryOf, summaryRoutes } from './routes/summary.ts';
import { weeklyRoutes, weeklyRowsOf } from './routes/weekly.ts';
import type { CensusSnapshot } from './snapshot.ts';

export interface AppOptions {
  readonly source: CensusSource;
  readonly logger: SourceLogger;
  /** The publish directory whose datasets are served under /data; null to serve none. */
  readonly publishDir?: string | null;
  /** A built static site (web/dist) served at /; null or missing directory to serve none. */
  readonly siteDir?: string | null;
}

/** The cheap first answers of a snapshot (zone maps on day make them fast), before it is swapped in. */
export async function warmSnapshot(snapshot: CensusSnapshot): Promise<void> {
  const day = await latestDayOf(snapshot);
  if (day) await summaryOf(snapshot, day);
  await crawledExtentOf(snapshot);
}

/** The weekly rows (stored in a publication; a scan of every snapshot row on a bare census), after the swap, in the background. */
export async function prepareSnapshot(snapshot: CensusSnapshot): Promise<void> {
  await weeklyRowsOf(snapshot);
}

const EXPOSED_HEADERS = ['ETag', 'X-Data-Version', 'X-Data-As-Of', 'Link'] as const;
const COMMON_HEADERS: Readonly<Record<string, string>> = {
  'Access-Control-Allow-Origin': '*',
  'Access-Control-Expose-Headers': EXPOSED_HEADERS.join(','),
  'X-Content-Type-Options': 'nosniff',
  // Any answer may be compressed for a client that asks; saying so up front also keeps compress() from
  // appending it to a finished response (see below).
  Vary: 'Accept-Encoding',
};

export function createApp(options: AppOptions): OpenAPIHono {
  const { logger } = options;
  const deps: RouteDeps = { source: options.source, logger };
  const app = new OpenAPIHono({ defaultHook: validationHook });

  app.use('*', async (c, next) => {
    const started = performance.now();
    await next();
    // Debug level: at thousands of requests a second an info line each would cost more than the request.
    logger.debug({ method: c.req.method, path: c.req.path, status: c.res.status, ms: +(performance.now() - started).toFixed(2) }, 'request');
  });
  // The census is public data: any origin may read it, nobody may write through the API. Hono's cors()
  // answers preflights. Every other answer gets its headers set before the handler runs, so Hono merges them
  // into the one response the handler builds (c.body). Setting them on a finished response (c.header() after
  // next(), or cors() touching c.res before it) makes Hono re-wrap the response around its body as a stream,
  // which cost large answers half their throughput (docs/benchmarks.md, "API"; test/api/app-bytes.test.ts).
  const preflight = cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'], exposeHeaders: [...EXPOSED_HEADERS] });
  app.use('*', async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    for (const [name, value] of Object.entries(COMMON_HEADERS)) c.header(name, value);
    await next();
  });
  app.use('*', compress());

  app.route('/api/v1', summaryRoutes(deps));
  app.route('/api/v1', dayRoutes(deps));
  app.route('/api/v1', weeklyRoutes(deps));
  app.route('/api/v1', dailyRoutes(deps));
  app.route('/api/v1', serverRoutes(deps));
  app.route('/api/v1', changeRoutes(deps));
  app.route('/api/v1', anomalyRoutes(deps));
  app.route('/api/v1', methodChangeRoutes(deps));
  app.route('/api/v1', referenceRoutes(deps));
  app.route('/api/v1', definitionRoutes());
  mountDocs(app);
  // Whatever no API route answered: 405 with Allow for another method on a path that exists, else 404.
  app.all('/api/*', unmatchedRequests(app));
  // The datasets and the site are read-only too.
  app.on(WRITE_METHODS, '*', readOnly);

  // The data routes carry their /data prefix themselves (api/routes/data.ts). With a site, /data/ leads to its
  // data page, so there is one data page with the site's navigation.
  const siteDir = options.siteDir ? path.resolve(options.siteDir) : null;
  const sitePage = siteDir && existsSync(path.join(siteDir, DATA_PAGE)) ? `/${DATA_PAGE}` : null;
  if (options.publishDir) app.route('/', dataRoutes({ publishDir: options.publishDir, sitePage }));

  if (siteDir && existsSync(siteDir)) {
    app.use('/*', serveStatic({ root: siteDir }));
  }

  app.notFound(notFound);
  app.onError(errorHandler(logger));
  return app;
}

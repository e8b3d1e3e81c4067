// GET /api/v1/summary and GET /api/v1/software: one day's census (default the latest crawled day).
import { createRoute } from '@hono/zod-openapi';
import { jsonBytes } from '../answer-cache.ts';
import { ApiError, problemResponse } from '../http/errors.ts';
import { SoftwareQuery, SummaryQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { jsonOrCsv, SoftwareList, Summary } from '../http/schemas.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { knownSoftware } from '../metrics/software-names.ts';
import { isCrawledDay, latestDay, summaryForDay, type DaySummary } from '../metrics/summary.ts';
import type { AnomalyMode } from '../metrics/weekly.ts';
import type { CensusSnapshot } from '../snapshot.ts';

const summaryRoute = createRoute({
  method: 'get',
  path: '/summary',
  operationId: 'getSummary',
  summary: "One day's census: totals, software breakdown, coverage",
  description: `${DEFINITIONS.day}\n\n${DEFINITIONS.servers}\n\n${DEFINITIONS.sums}\n\n${DEFINITIONS.left_out}\n\n${DEFINITIONS.software_breakdown}\n\n${DEFINITIONS.coverage}\n\n${DEFINITIONS.creation_times}`,
  request: { query: SummaryQuery },
  responses: {
    200: { description: 'the census on that day', content: { 'application/json': { schema: Summary } } },
    400: problemResponse('a bad parameter'),
    404: problemResponse('no crawl on that day'),
  },
});

const softwareRoute = createRoute({
  method: 'get',
  path: '/software',
  operationId: 'listSoftware',
  summary: 'Every software with servers and users on the latest crawled day',
  description: DEFINITIONS.software_breakdown,
  request: { query: SoftwareQuery },
  responses: {
    200: jsonOrCsv(SoftwareList, 'software on the latest day, most servers first'),
    400: problemResponse('a bad parameter'),
  },
});

/** The latest crawled day, once per snapshot. */
export function latestDayOf(snapshot: CensusSnapshot): Promise<string | null> {
  return snapshot.remember('latest-day', () => latestDay(snapshot));
}

/**
 * The day a request asked for, else the latest crawled day (null for an empty census); a day the census did
 * not crawl is a 404 naming the `day` parameter (definitions.ts, "day").
 */
export async function askedDayOf(snapshot: CensusSnapshot, asked: string | undefined): Promise<string | null> {
  const latest = await latestDayOf(snapshot);
  const day = asked ?? latest;
  if (day && day !== latest && !(await isCrawledDay(snapshot, day))) {
    const message = `day ${day} was not crawled (GET /api/v1/days lists the crawled days)`;
    throw new ApiError(404, message, [{ parameter: 'day', in: 'query', message }]);
  }
  return day;
}

/**
 * A software filter that matches no server is a 404 naming `software`, not an empty answer that reads like
 * "no users" (GET /api/v1/software lists the names).
 */
export async function checkSoftware(snapshot: CensusSnapshot, software: string | null | undefined): Promise<void> {
  if (!software) return;
  const known = await snapshot.remember('known-software', () => knownSoftware(snapshot));
  if (known.has(software)) return;
  const message = `software ${software} is not the software of any server in the census (GET /api/v1/software lists them)`;
  throw new ApiError(404, message, [{ parameter: 'software', in: 'query', message }]);
}

/** A day's summary, once per snapshot (the software list reuses the latest day's). */
export function summaryOf(snapshot: CensusSnapshot, day: string, anomalies: AnomalyMode = 'exclude'): Promise<DaySummary> {
  return snapshot.cached(`summary:${day}:${anomalies}`, () => summaryForDay(snapshot, day, anomalies), jsonBytes);
}

export function summaryRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(summaryRoute, (c) => {
    const query = c.req.valid('query');
    return serveData(c, source, {
      key: keyOf('summary', query),
      name: 'summary',
      compute: async (snapshot) => {
        const day = await askedDayOf(snapshot, query.day);
        if (!day) throw new ApiError(404, 'the census is empty: no crawled day yet');
        return {
          json: { ...(await summaryOf(snapshot, day, query.anomalies ?? 'exclude')) },
          definitions: {
            anomalies: DEFINITIONS.anomalies,
            left_out: DEFINITIONS.left_out,
            creation_times: DEFINITIONS.creation_times,
            day: DEFINITIONS.day,
            servers: DEFINITIONS.servers,
            sums: DEFINITIONS.sums,
            software_breakdown: DEFINITIONS.software_breakdown,
            coverage: DEFINITIONS.coverage,
          },
        };
      },
    });
  });
  app.openapi(softwareRoute, (c) => {
    const query = c.req.valid('query');
    return serveData(c, source, {
      key: 'software',
      format: query.format,
      name: 'software',
      compute: async (snapshot) => {
        const day = await latestDayOf(snapshot);
        const software = day ? (await summaryOf(snapshot, day)).software : [];
        return {
          json: { day, software },
          csv: { columns: ['day', 'name', 'servers', 'users_total', 'users_active_month'], rows: software.map((s) => ({ day, ...s })) },
          definitions: { day: DEFINITIONS.day, software_breakdown: DEFINITIONS.software_breakdown },
        };
      },
    });
  });
  return app;
}

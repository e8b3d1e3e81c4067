// GET /api/v1/weekly: users_joined and servers_joined per ISO week. The per-(software, week) rows are
// read once per snapshot (prepared in the background after a swap, see census-source.ts); any range
// and software filter is then a sum over them, so no request pays for the scan of the whole history.
import { createRoute } from '@hono/zod-openapi';
import { problemResponse } from '../http/errors.ts';
import { WeeklyQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { jsonOrCsv, Weekly } from '../http/schemas.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { sumWeeks, weeklyJoinsByMode, type AnomalyMode, type WeeklyJoinsRow } from '../metrics/weekly.ts';
import type { CensusSnapshot } from '../snapshot.ts';
import { checkSoftware } from './summary.ts';

/** The CSV columns, in the JSON's order. */
export const WEEKLY_COLUMNS = ['week', 'users_joined', 'users_registered', 'users_growth', 'servers_joined', 'servers_created', 'servers_first_reached'] as const;

const weeklyRoute = createRoute({
  method: 'get',
  path: '/weekly',
  operationId: 'getWeekly',
  summary: 'Users and servers joined per ISO week, with their parts',
  description: `${DEFINITIONS.users_joined}\n\n${DEFINITIONS.anomalies_in_growth}\n\n${DEFINITIONS.servers_joined}\n\n${DEFINITIONS.weeks}`,
  request: { query: WeeklyQuery },
  responses: {
    200: jsonOrCsv(Weekly, 'one row per week, ordered by week'),
    400: problemResponse('a bad parameter'),
    404: problemResponse('a software no server has'),
  },
});

/**
 * users_joined and servers_joined per (software, week), both anomaly modes, once per snapshot (prepared after
 * a swap): read from the rows a publication stores, or computed when the API reads a bare census file.
 */
export async function weeklyRowsOf(snapshot: CensusSnapshot, anomalies: AnomalyMode = 'exclude'): Promise<readonly WeeklyJoinsRow[]> {
  return (await snapshot.remember('weekly-rows', () => weeklyJoinsByMode(snapshot)))[anomalies];
}

export function weeklyRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(weeklyRoute, (c) => {
    const query = c.req.valid('query');
    return serveData(c, source, {
      key: keyOf('weekly', query),
      format: query.format,
      name: 'weekly',
      readiness: 'prepared',
      compute: async (snapshot) => {
        await checkSoftware(snapshot, query.software);
        const anomalies = query.anomalies ?? 'exclude';
        const range = { from: query.from ?? null, to: query.to ?? null, software: query.software ?? null };
        const weeks = sumWeeks(await weeklyRowsOf(snapshot, anomalies), range);
        return {
          json: { ...range, anomalies, weeks },
          csv: { columns: WEEKLY_COLUMNS, rows: weeks },
          definitions: {
            users_joined: DEFINITIONS.users_joined,
            anomalies_in_growth: DEFINITIONS.anomalies_in_growth,
            anomalies: DEFINITIONS.anomalies,
            servers_joined: DEFINITIONS.servers_joined,
            weeks: DEFINITIONS.weeks,
            software_filter: DEFINITIONS.software_filter,
          },
        };
      },
    });
  });
  return app;
}

// GET /api/v1/weekly: users_joined and servers_joined per ISO week. The per-(software, week) rows are
// read once per snapshot (prepared in the background after a swap, see census-source.ts); any range
// and software filter is then a sum over them, so no request pays for the scan of the whole history.
import { createRoute } from '@hono/zod-openapi';
import { problemResponse } from '../http/errors.ts';
import { WeeklyQuery } from '../http/params.ts';
import { serveData } from '../http/respond.ts';
import { keyOf, newRouter, type RouteDeps } from '../http/router.ts';
import { jsonOrCsv, Weekly } from '../http/schemas.ts';
import { mondayOf } from '../metrics/dates.ts';
import { DEFINITIONS } from '../metrics/definitions.ts';
import { clampToExtent, type DayRange, type Extent } from '../metrics/extent.ts';
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

/** The first and last week with any row (either mode: `include` holds every week `exclude` does). */
function weeksExtent(rows: readonly WeeklyJoinsRow[]): Extent | null {
  if (rows.length === 0) return null;
  let first = rows[0]!.week;
  let last = first;
  for (const r of rows) {
    if (r.week < first) first = r.week;
    if (r.week > last) last = r.week;
  }
  return { first, last };
}

/** The asked range clamped to the weeks the data holds (metrics/extent.ts); null when it holds none of them. */
async function clampedWeeks(snapshot: CensusSnapshot, asked: DayRange): Promise<DayRange | null> {
  const extent = await snapshot.remember('weekly-extent', async () => weeksExtent(await weeklyRowsOf(snapshot, 'include')));
  return clampToExtent(asked, extent, mondayOf);
}

export function weeklyRoutes({ source }: RouteDeps) {
  const app = newRouter();
  app.openapi(weeklyRoute, (c) => {
    const query = c.req.valid('query');
    const asked: DayRange = { from: query.from ?? null, to: query.to ?? null };
    return serveData(c, source, {
      // Clamped before it names the answer, so every range reaching past the data shares one entry.
      key: async (snapshot) => keyOf('weekly', { ...query, ...((await clampedWeeks(snapshot, asked)) ?? asked) }),
      format: query.format,
      name: 'weekly',
      readiness: 'prepared',
      compute: async (snapshot) => {
        await checkSoftware(snapshot, query.software);
        const anomalies = query.anomalies ?? 'exclude';
        const clamped = await clampedWeeks(snapshot, asked);
        const range = { ...(clamped ?? asked), software: query.software ?? null };
        const weeks = clamped ? sumWeeks(await weeklyRowsOf(snapshot, anomalies), range) : [];
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

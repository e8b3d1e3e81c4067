// Users joined per server and week: the weekly figures (./weekly.ts) broken down by the server that drove
// them, so the figure checker can name the servers behind a figure. The rules are weekly.ts's own CTEs
// (GROWTH_STEP_CTES): a (server, week) covered by an activity window with registrations counts those; every
// other step of users_total counts its growth, anomalous growth left out (anomalies=exclude). Summed over
// servers, these rows are weekly.ts's users_joined (a test checks it).
import { num, str, type Db } from '../db.ts';
import { GROWTH_STEP_CTES } from './weekly.ts';

export interface ServerWeekJoins {
  readonly domain: string;
  /** The server's latest known software (servers.software). */
  readonly software: string;
  /** Monday (UTC) of the ISO week. */
  readonly week: string;
  /** Its part of users_joined that week (registrations where its windows cover it, else growth); > 0. */
  readonly users_joined: number;
}

const SERVER_WEEKS_SQL = `
WITH scope AS (
  SELECT domain, software FROM servers WHERE status IS DISTINCT FROM 'excluded' AND software IS NOT NULL
),
${GROWTH_STEP_CTES},
steps AS (SELECT domain, week, users FROM growth_steps WHERE NOT anomalous),
parts AS (SELECT domain, week, registrations AS users FROM covered UNION ALL SELECT domain, week, users FROM steps)
SELECT p.domain, sc.software, p.week, sum(p.users) AS users_joined
FROM parts p JOIN scope sc ON sc.domain = p.domain
GROUP BY ALL HAVING sum(p.users) > 0
ORDER BY p.week, sc.software, users_joined DESC, p.domain`;

/** Every (server, week) with users joined, anomalies excluded, by week, software, largest first. */
export async function weeklyJoinsByServer(db: Db): Promise<ServerWeekJoins[]> {
  const rows = await db.all(SERVER_WEEKS_SQL);
  return rows.map((r) => ({ domain: str(r, 'domain'), software: str(r, 'software'), week: str(r, 'week'), users_joined: num(r, 'users_joined') }));
}

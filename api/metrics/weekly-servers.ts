// Users joined per server and week: the weekly figures (./weekly.ts) broken down by the server that drove
// them, so the figure checker can name the servers behind a figure. The rules are weekly.ts's, stated again
// per server: a (server, week) covered by an activity window with registrations counts those; every other
// step of users_total counts its growth, anomalous growth left out (anomalies=exclude). A test keeps the two
// in step: summed over servers, these rows are weekly.ts's users_joined.
import { num, str, type Db } from '../db.ts';
import { flaggedCtes, GROWTH_EXCLUDED_KINDS } from './anomalies.ts';

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
covered AS (
  SELECT wa.domain, wa.week, wa.registrations FROM weekly_activity wa JOIN scope sc ON sc.domain = wa.domain
  WHERE wa.registrations IS NOT NULL
),
counted AS (SELECT s.* FROM snapshots s JOIN scope sc ON sc.domain = s.domain),
${flaggedCtes('counted')},
steps AS (
  SELECT f.domain, f.week, greatest(0, f.users_total - f.prev_total) AS users
  FROM (SELECT *, date_trunc('week', day)::DATE AS week FROM flagged) f
  ANTI JOIN covered cv ON cv.domain = f.domain AND cv.week = f.week
  WHERE f.prev_total IS NOT NULL AND NOT (${GROWTH_EXCLUDED_KINDS.join(' OR ')} OR f.prev_known_inflation)
),
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

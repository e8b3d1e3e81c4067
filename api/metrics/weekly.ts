// Weekly joins: users_joined and servers_joined (definitions in ./definitions.ts and docs/methodology.md).
// The SQL computes them per (software, week) in one pass; a series for any software filter and week range
// is then a sum over those rows (sumWeeks). A publication stores those rows (storeWeeklyJoins), so the API
// and the nightly site build, which read it, skip the pass; on a bare census file the same SQL computes them.
import { num, str, type Db, type PlainRow } from '../db.ts';
import { flaggedCtes, GROWTH_EXCLUDED_KINDS } from './anomalies.ts';
import { mondayOf, mondaysBetween } from './dates.ts';

/** exclude (default): growth of observations flagged as anomalies is left out; include: counted like any other. */
export const ANOMALY_MODES = ['exclude', 'include'] as const;
export type AnomalyMode = (typeof ANOMALY_MODES)[number];

export interface WeeklyJoinsRow {
  /** The server's latest known software (servers.software). */
  readonly software: string;
  /** Monday (UTC) of the ISO week. */
  readonly week: string;
  readonly users_joined: number;
  readonly servers_joined: number;
}

export interface WeekJoins {
  readonly week: string;
  readonly users_joined: number;
  readonly servers_joined: number;
}

export interface WeeklyRange {
  /** Any day; the range starts at its week's Monday. Default: the earliest week with a row (of that software). */
  readonly from?: string | null;
  /** Any day; the range ends at its week's Monday. Default: the latest week with a row (of that software). */
  readonly to?: string | null;
  /** Latest known software; null or absent for every server. */
  readonly software?: string | null;
  /** Default exclude: the growth of anomalous observations (./anomalies.ts) is not counted. */
  readonly anomalies?: AnomalyMode;
}

// Servers in scope: not excluded, optionally one software (the latest known, servers.software).
// A server "with activity windows" has any weekly_activity row: it is counted from windows only.
// Both anomaly modes come out of one pass (the window over every observation is the whole cost):
// users_joined leaves the growth of anomalous observations out, users_joined_anomalies_included counts it;
// kept_in_exclude says whether the (software, week) has a row at all when anomalies are excluded.
const WEEKLY_SQL = `
WITH scope AS (
  SELECT domain, software, created_at, first_seen_ok FROM servers
  WHERE status IS DISTINCT FROM 'excluded' AND software IS NOT NULL AND ($1::VARCHAR IS NULL OR software = $1)
),
windowed AS (SELECT DISTINCT domain FROM weekly_activity),
window_joins AS (
  SELECT sc.software, wa.week, sum(wa.registrations) AS users, sum(wa.registrations) AS users_all, 1 AS kept
  FROM weekly_activity wa JOIN scope sc ON sc.domain = wa.domain
  GROUP BY ALL
),
counted AS (
  SELECT s.* FROM snapshots s JOIN scope sc ON sc.domain = s.domain
  WHERE s.domain NOT IN (SELECT domain FROM windowed)
),
${flaggedCtes('counted')},
growth_joins AS (
  -- Growth is the later observation's; excluding anomalies, a step into or out of one adds nothing.
  SELECT sc.software, date_trunc('week', f.day)::DATE AS week,
         sum(greatest(0, f.users_total - f.prev_total)) FILTER (WHERE NOT f.anomalous) AS users,
         sum(greatest(0, f.users_total - f.prev_total)) AS users_all,
         count(*) FILTER (WHERE NOT f.anomalous) AS kept
  FROM (SELECT *, (${GROWTH_EXCLUDED_KINDS.join(' OR ')} OR prev_known_inflation) AS anomalous FROM flagged) f
  JOIN scope sc ON sc.domain = f.domain
  WHERE f.prev_total IS NOT NULL
  GROUP BY ALL
),
server_joins AS (
  SELECT software, date_trunc('week', coalesce(created_at::DATE, first_seen_ok))::DATE AS week, count(*) AS servers
  FROM scope WHERE first_seen_ok IS NOT NULL
  GROUP BY ALL
),
users AS (SELECT * FROM window_joins UNION ALL SELECT * FROM growth_joins)
SELECT software, week,
       coalesce(sum(users), 0) AS users_joined,
       coalesce(sum(users_all), 0) AS users_joined_anomalies_included,
       coalesce(sum(servers), 0) AS servers_joined,
       coalesce(sum(kept), 0) + coalesce(sum(servers), 0) > 0 AS kept_in_exclude
FROM (SELECT software, week, users, users_all, kept, 0 AS servers FROM users
      UNION ALL SELECT software, week, 0, 0, 0, servers FROM server_joins)
GROUP BY ALL
ORDER BY week, software`;

/**
 * A publication carries the weekly rows of every software in this table, computed once when it is published
 * (api/publish/publish.ts), so readers of a published copy skip the pass over the whole history.
 */
export const STORED_WEEKLY_TABLE = 'published_weekly_joins';

const STORED_WEEKLY_SQL = `SELECT * FROM ${STORED_WEEKLY_TABLE} WHERE $1::VARCHAR IS NULL OR software = $1 ORDER BY week, software`;

/**
 * What the stored rows were computed from: the last crawl run and the size of every table they read. Stored
 * beside them, so rows that no longer match the file (a census that got the table by a copy, then crawled
 * on) are computed afresh instead of served frozen.
 */
const STORED_SOURCE_TABLE = `${STORED_WEEKLY_TABLE}_source`;
const SOURCE_SQL = `SELECT concat_ws('/', coalesce((SELECT max(run_id) FROM crawl_runs), 0), (SELECT count(*) FROM servers),
  (SELECT count(*) FROM snapshots), (SELECT count(*) FROM weekly_activity)) AS source`;

async function storedRowsAreCurrent(db: Db): Promise<boolean> {
  const [tables] = await db.all(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name IN ($1, $2)`, [STORED_WEEKLY_TABLE, STORED_SOURCE_TABLE]);
  if (!tables || num(tables, 'n') < 2) return false;
  const [check] = await db.all(`SELECT (SELECT source FROM ${STORED_SOURCE_TABLE}) = (${SOURCE_SQL}) AS current`);
  return check?.['current'] === true;
}

/** The weekly rows of both anomaly modes. */
type WeeklyRowsByMode = Readonly<Record<AnomalyMode, readonly WeeklyJoinsRow[]>>;

/**
 * users_joined and servers_joined per (latest software, week), every week with any join, for both anomaly
 * modes: read from the table a publication carries, or computed from the census when there is none or it
 * was computed from other data.
 */
export async function weeklyJoinsByMode(db: Db, software: string | null = null): Promise<WeeklyRowsByMode> {
  const rows = await db.all((await storedRowsAreCurrent(db)) ? STORED_WEEKLY_SQL : WEEKLY_SQL, [software]);
  const row = (r: PlainRow, users: string): WeeklyJoinsRow => ({
    software: str(r, 'software'),
    week: str(r, 'week'),
    users_joined: num(r, users),
    servers_joined: num(r, 'servers_joined'),
  });
  return {
    exclude: rows.filter((r) => r['kept_in_exclude'] === true).map((r) => row(r, 'users_joined')),
    include: rows.map((r) => row(r, 'users_joined_anomalies_included')),
  };
}

/** users_joined and servers_joined per (latest software, week), every week with any join, in one anomaly mode. */
export async function weeklyJoinsBySoftware(
  db: Db,
  software: string | null = null,
  anomalies: AnomalyMode = 'exclude',
): Promise<WeeklyJoinsRow[]> {
  return [...(await weeklyJoinsByMode(db, software))[anomalies]];
}

/**
 * Stores the weekly rows of every software, both modes, in STORED_WEEKLY_TABLE of a writable copy of the
 * census (a version being published, before any reader can see it), unless rows computed from the same data
 * are already there. Returns the number of rows.
 */
export async function storeWeeklyJoins(db: Db): Promise<number> {
  if (!(await storedRowsAreCurrent(db))) {
    await db.all(`CREATE OR REPLACE TABLE ${STORED_WEEKLY_TABLE} AS ${WEEKLY_SQL}`, [null]);
    await db.all(`CREATE OR REPLACE TABLE ${STORED_SOURCE_TABLE} AS ${SOURCE_SQL}`);
  }
  const [count] = await db.all(`SELECT count(*) AS n FROM ${STORED_WEEKLY_TABLE}`);
  return count ? num(count, 'n') : 0;
}

/**
 * Sums per-software rows into one series over the week range, every week listed (0 when nothing joined),
 * ordered by week. Pure, so the API can answer any filter from rows computed once per snapshot.
 */
export function sumWeeks(rows: readonly WeeklyJoinsRow[], range: WeeklyRange = {}): WeekJoins[] {
  const software = range.software ?? null;
  const selected = software === null ? rows : rows.filter((r) => r.software === software);
  const allWeeks = selected.map((r) => r.week);
  const from = range.from ? mondayOf(range.from) : minOf(allWeeks);
  const to = range.to ? mondayOf(range.to) : maxOf(allWeeks);
  if (from === null || to === null || from > to) return [];
  const byWeek = new Map<string, { users: number; servers: number }>();
  for (const r of selected) {
    if (r.week < from || r.week > to) continue;
    const held = byWeek.get(r.week) ?? { users: 0, servers: 0 };
    held.users += r.users_joined;
    held.servers += r.servers_joined;
    byWeek.set(r.week, held);
  }
  return mondaysBetween(from, to).map((week) => {
    const held = byWeek.get(week);
    return { week, users_joined: held?.users ?? 0, servers_joined: held?.servers ?? 0 };
  });
}

/** The weekly series for a range and software filter, straight from the census. */
export async function weeklyJoins(db: Db, range: WeeklyRange = {}): Promise<WeekJoins[]> {
  return sumWeeks(await weeklyJoinsBySoftware(db, range.software ?? null, range.anomalies ?? 'exclude'), range);
}

function minOf(values: readonly string[]): string | null {
  let min: string | null = null;
  for (const v of values) if (min === null || v < min) min = v;
  return min;
}

function maxOf(values: readonly string[]): string | null {
  let max: string | null = null;
  for (const v of values) if (max === null || v > max) max = v;
  return max;
}

// Weekly joins: users_joined (= users_registered + users_growth) and servers_joined (= servers_created),
// beside servers_first_reached, the discovery series (definitions in ./definitions.ts and docs/methodology.md).
// The SQL computes them per (software, week) in one pass; a series for any software filter and week range
// is then a sum over those rows (sumWeeks). A publication stores those rows (storeWeeklyJoins), so the API
// and the nightly site build, which read it, skip the pass; on a bare census file the same SQL computes them.
import { num, numOrNull, str, type Db, type PlainRow } from '../db.ts';
import { ERRATIC_SPAN, flaggedCtes, GROWTH_EXCLUDED_KINDS, GROWTH_EXCLUDED_NETWORK_KINDS, networkFlagCtes } from './anomalies.ts';
import { mondayOf, mondaysBetween } from './dates.ts';

/** exclude (default): growth of observations flagged as anomalies is left out; include: counted like any other. */
export const ANOMALY_MODES = ['exclude', 'include'] as const;
export type AnomalyMode = (typeof ANOMALY_MODES)[number];

export interface WeeklyJoinsRow {
  /** The server's latest known software (servers.software). */
  readonly software: string;
  /** Monday (UTC) of the ISO week. */
  readonly week: string;
  /** users_registered + users_growth, the parts that are known; null when neither is. */
  readonly users_joined: number | null;
  /** Registrations from activity windows; null when no server's window reports that week. */
  readonly users_registered: number | null;
  /** Growth of reported totals in weeks a server's windows do not cover; null when no growth could be measured. */
  readonly users_growth: number | null;
  /** Equal to servers_created: a server with no creation time never joins. */
  readonly servers_joined: number;
  /** Servers whose creation time is known, in the week of that time. */
  readonly servers_created: number;
  /** Servers first crawled ok that week (first_seen_ok); null for a week without any crawl. */
  readonly servers_first_reached: number | null;
}

/** One week of the series: the same fields as a row, summed over the software selected. */
export type WeekJoins = Omit<WeeklyJoinsRow, 'software'>;

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

/** Where the growth steps' inputs come from (growthStepCtes). The defaults read the whole census in scope. */
export interface GrowthStepSources {
  /** The observations whose steps are computed: a relation with (at least) the flag columns of snapshots. */
  readonly counted: string;
  /** (domain, week, registrations) of activity windows reporting registrations. */
  readonly covered: string;
  /** (domain, day) observations whose growth the network kinds leave out (netExcludedSql), every day needed. */
  readonly netExcluded: string;
  /** Adds `window_closes`: the day of the observation ERRATIC_SPAN after (no later step can change this one). */
  readonly windowCloses: boolean;
}

/**
 * The (domain, day) observations of the days `where` selects (a condition on `snapshots`) whose growth the
 * network kinds leave out: those whose user count the summary leaves out (GROWTH_EXCLUDED_NETWORK_KINDS).
 */
export function netExcludedSql(where: string): string {
  return `WITH ${networkFlagCtes(where)} SELECT domain, day FROM network_flagged WHERE ${GROWTH_EXCLUDED_NETWORK_KINDS.join(' OR ')}`;
}

const WHOLE_CENSUS_IN_SCOPE: GrowthStepSources = {
  counted: 'SELECT s.* FROM snapshots s JOIN scope sc ON sc.domain = s.domain',
  covered: 'SELECT wa.domain, wa.week, wa.registrations FROM weekly_activity wa JOIN scope sc ON sc.domain = wa.domain WHERE wa.registrations IS NOT NULL',
  // The network kinds compare a server with every server of the day, in scope or not: over all snapshots.
  netExcluded: netExcludedSql('true'),
  windowCloses: false,
};

/**
 * The per-server part of the window rule, shared by the weekly figures, their breakdown by server
 * (./weekly-servers.ts) and the publication's carried computation (./weekly-carried.ts), so they cannot
 * drift: `covered`, the (server, week) pairs whose activity window reports registrations, and `growth_steps`,
 * every step of users_total whose later day falls in a week its windows do not cover, with its growth (>= 0)
 * and whether it is anomalous (a step into or out of a flagged observation: the growth kinds, an earlier known
 * inflation, or the network kinds whose user count the summary leaves out). The defaults need a CTE
 * `scope(domain, ...)` before it.
 */
export function growthStepCtes(sources: GrowthStepSources = WHOLE_CENSUS_IN_SCOPE): string {
  const closes = sources.windowCloses ? `, lead(day, ${ERRATIC_SPAN}) OVER (PARTITION BY domain ORDER BY day) AS window_closes` : '';
  return `
covered AS (${sources.covered}),
counted AS (${sources.counted}),
${flaggedCtes('counted')},
net_excluded AS (${sources.netExcluded}),
growth_steps AS (
  -- Growth is the later observation's.
  SELECT f.domain, f.day, f.week${sources.windowCloses ? ', f.window_closes' : ''}, greatest(0, f.users_total - f.prev_total) AS users,
         (${GROWTH_EXCLUDED_KINDS.join(' OR ')} OR f.prev_known_inflation
          OR (f.domain, f.day) IN (SELECT (domain, day) FROM net_excluded)
          OR (f.domain, f.prev_day) IN (SELECT (domain, day) FROM net_excluded)) AS anomalous
  FROM (SELECT *, date_trunc('week', day)::DATE AS week${closes} FROM flagged) f
  ANTI JOIN covered cv ON cv.domain = f.domain AND cv.week = f.week
  WHERE f.prev_total IS NOT NULL
)`;
}

/** growthStepCtes over the whole census, for the servers in `scope`. */
export const GROWTH_STEP_CTES = growthStepCtes();

/** Servers in scope: not excluded, with a known software (the latest known, servers.software). */
export function scopeSql(servers = 'servers', columns = 'domain, software, created_at, first_seen_ok'): string {
  return `SELECT ${columns} FROM ${servers} WHERE status IS DISTINCT FROM 'excluded' AND software IS NOT NULL`;
}

/**
 * The stored rows' columns from `joins`, per-(software, week) parts that sum: registered and windows (the
 * activity windows counted), growth, growth_all and steps (the growth steps counted). A part whose count is 0
 * is null: nothing could tell. Needs CTEs `scope` (scopeSql's columns), `joins` and `crawled_weeks(week)`.
 * Every (software, crawled week) has a row, so a week the crawl saw but where nothing happened is 0, and a
 * week it never saw is null (servers_first_reached, users_growth).
 */
export const WEEKLY_ROWS_CTES = `
summed AS (
  SELECT software, week, sum(registered) AS registered, sum(windows) AS windows, sum(growth) AS growth,
         sum(growth_all) AS growth_all, sum(steps) AS steps
  FROM joins GROUP BY ALL
),
created AS (
  SELECT software, date_trunc('week', created_at::DATE)::DATE AS week, count(*) AS created
  FROM scope WHERE first_seen_ok IS NOT NULL AND created_at IS NOT NULL
  GROUP BY ALL
),
reached AS (
  SELECT software, date_trunc('week', first_seen_ok)::DATE AS week, count(*) AS reached
  FROM scope WHERE first_seen_ok IS NOT NULL
  GROUP BY ALL
),
keys AS (
  SELECT software, week FROM summed WHERE windows > 0 OR steps > 0
  UNION SELECT software, week FROM created UNION SELECT software, week FROM reached
  UNION SELECT r.software, cw.week FROM (SELECT DISTINCT software FROM reached) r CROSS JOIN crawled_weeks cw
)
SELECT k.software, k.week,
       CASE WHEN s.windows > 0 THEN s.registered END AS users_registered,
       CASE WHEN s.steps > 0 THEN s.growth END AS users_growth,
       CASE WHEN s.steps > 0 THEN s.growth_all END AS users_growth_anomalies_included,
       coalesce(c.created, 0) AS servers_created,
       CASE WHEN k.week IN (SELECT week FROM crawled_weeks) THEN coalesce(r.reached, 0) END AS servers_first_reached
FROM keys k
LEFT JOIN summed s ON s.software = k.software AND s.week = k.week
LEFT JOIN created c ON c.software = k.software AND c.week = k.week
LEFT JOIN reached r ON r.software = k.software AND r.week = k.week
ORDER BY k.week, k.software`;

/**
 * One registered/windows part and one growth part per (software, week), from `covered` and `growth_steps`
 * (growthStepCtes) joined to `scope`; or per (domain, week), keyed by the server; `alsoBy`: a column both
 * relations have, kept as a further key. Both anomaly modes come out of one pass (the window over every
 * observation is the whole cost): growth leaves the growth of anomalous observations out, growth_all counts it.
 */
export function weeklyParts(covered: string, steps: string, keyedBy: 'software' | 'domain' = 'software', alsoBy: string | null = null): string {
  const key = (alias: string): string => `${keyedBy === 'software' ? 'sc.software' : `${alias}.domain`}${alsoBy ? `, ${alias}.${alsoBy}` : ''}`;
  const scope = (alias: string): string => (keyedBy === 'software' ? `JOIN scope sc ON sc.domain = ${alias}.domain` : '');
  return `SELECT ${key('cv')}, cv.week, sum(cv.registrations)::HUGEINT AS registered, count(*)::BIGINT AS windows,
         0::HUGEINT AS growth, 0::HUGEINT AS growth_all, 0::BIGINT AS steps
  FROM ${covered} cv ${scope('cv')} GROUP BY ALL
  UNION ALL
  SELECT ${key('g')}, g.week, 0::HUGEINT, 0::BIGINT, coalesce(sum(g.users) FILTER (WHERE NOT g.anomalous), 0)::HUGEINT,
         sum(g.users)::HUGEINT, count(*)::BIGINT
  FROM ${steps} g ${scope('g')} GROUP BY ALL`;
}

// The window rule is per server and per week: a (server, week) whose activity window reports registrations
// is "covered" and counted from that window; a step of users_total whose later day falls in a week its
// windows do not cover is counted as growth. So a server with windows for 12 weeks only still counts in the
// other weeks, and no week counts the same sign-ups twice. Optionally one software ($1).
const WEEKLY_SQL = `
WITH scope AS (SELECT * FROM (${scopeSql()}) WHERE $1::VARCHAR IS NULL OR software = $1),
${GROWTH_STEP_CTES},
joins AS (${weeklyParts('covered', 'growth_steps')}),
crawled_weeks AS (
  SELECT DISTINCT date_trunc('week', day)::DATE AS week
  FROM (SELECT DISTINCT day FROM snapshots UNION SELECT DISTINCT day FROM attempts)
),
${WEEKLY_ROWS_CTES}`;

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
// The rows' shape: part of the source, so rows a former version stored (other columns) are never read.
const WEEKLY_ROWS_SHAPE = 'parts-v3'; // v3: growth of outlier_total / active_vanishing observations left out
const STORED_SOURCE_TABLE = `${STORED_WEEKLY_TABLE}_source`;
const SOURCE_SQL = `SELECT concat_ws('/', '${WEEKLY_ROWS_SHAPE}', coalesce((SELECT max(run_id) FROM crawl_runs), 0), (SELECT count(*) FROM servers),
  (SELECT count(*) FROM snapshots), (SELECT count(*) FROM weekly_activity)) AS source`;

async function storedRowsAreCurrent(db: Db): Promise<boolean> {
  const [tables] = await db.all(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name IN ($1, $2)`, [STORED_WEEKLY_TABLE, STORED_SOURCE_TABLE]);
  if (!tables || num(tables, 'n') < 2) return false;
  const [check] = await db.all(`SELECT (SELECT source FROM ${STORED_SOURCE_TABLE}) = (${SOURCE_SQL}) AS current`);
  return check?.['current'] === true;
}

/** The weekly rows of both anomaly modes. */
type WeeklyRowsByMode = Readonly<Record<AnomalyMode, readonly WeeklyJoinsRow[]>>;

/** null + null = null; otherwise the sum of the parts that are known. */
export function sumKnown(...parts: readonly (number | null)[]): number | null {
  let total: number | null = null;
  for (const p of parts) if (p !== null) total = (total ?? 0) + p;
  return total;
}

/**
 * The weekly rows per (latest software, week), every week with any join and every crawled week, for both
 * anomaly modes: read from the table a publication carries, or computed from the census when there is none
 * or it was computed from other data.
 */
export async function weeklyJoinsByMode(db: Db, software: string | null = null): Promise<WeeklyRowsByMode> {
  const rows = await db.all((await storedRowsAreCurrent(db)) ? STORED_WEEKLY_SQL : WEEKLY_SQL, [software]);
  const row = (r: PlainRow, growthColumn: string): WeeklyJoinsRow => {
    const registered = numOrNull(r, 'users_registered');
    const growth = numOrNull(r, growthColumn);
    const created = num(r, 'servers_created');
    return {
      software: str(r, 'software'),
      week: str(r, 'week'),
      users_joined: sumKnown(registered, growth),
      users_registered: registered,
      users_growth: growth,
      servers_joined: created,
      servers_created: created,
      servers_first_reached: numOrNull(r, 'servers_first_reached'),
    };
  };
  return {
    exclude: rows.map((r) => row(r, 'users_growth')),
    include: rows.map((r) => row(r, 'users_growth_anomalies_included')),
  };
}

/** The weekly rows per (latest software, week) in one anomaly mode. */
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
  if (!(await storedRowsAreCurrent(db))) await storeWeeklyRows(db, WEEKLY_SQL, [null]);
  const [count] = await db.all(`SELECT count(*) AS n FROM ${STORED_WEEKLY_TABLE}`);
  return count ? num(count, 'n') : 0;
}

/** Stores the rows `sql` yields (WEEKLY_SQL's columns) and what they were computed from. */
export async function storeWeeklyRows(db: Db, sql: string, params: readonly (string | null)[] = []): Promise<void> {
  await db.all(`CREATE OR REPLACE TABLE ${STORED_WEEKLY_TABLE} AS ${sql}`, params);
  await db.all(`CREATE OR REPLACE TABLE ${STORED_SOURCE_TABLE} AS ${SOURCE_SQL}`);
}

/**
 * Sums per-software rows into one series over the week range, every week listed, ordered by week: counts of
 * servers created are 0 where none was; a part nothing could tell (no window, no growth measured, no crawl)
 * is null in a week where it is null for every software. Pure, so the API can answer any filter from rows
 * computed once per snapshot.
 */
export function sumWeeks(rows: readonly WeeklyJoinsRow[], range: WeeklyRange = {}): WeekJoins[] {
  const software = range.software ?? null;
  const selected = software === null ? rows : rows.filter((r) => r.software === software);
  const allWeeks = selected.map((r) => r.week);
  const from = range.from ? mondayOf(range.from) : minOf(allWeeks);
  const to = range.to ? mondayOf(range.to) : maxOf(allWeeks);
  if (from === null || to === null || from > to) return [];
  const byWeek = new Map<string, { registered: number | null; growth: number | null; created: number; reached: number | null }>();
  for (const r of selected) {
    if (r.week < from || r.week > to) continue;
    const held = byWeek.get(r.week) ?? { registered: null, growth: null, created: 0, reached: null };
    held.registered = sumKnown(held.registered, r.users_registered);
    held.growth = sumKnown(held.growth, r.users_growth);
    held.created += r.servers_created;
    held.reached = sumKnown(held.reached, r.servers_first_reached);
    byWeek.set(r.week, held);
  }
  return mondaysBetween(from, to).map((week) => {
    const held = byWeek.get(week) ?? { registered: null, growth: null, created: 0, reached: null };
    return {
      week,
      users_joined: sumKnown(held.registered, held.growth),
      users_registered: held.registered,
      users_growth: held.growth,
      servers_joined: held.created,
      servers_created: held.created,
      servers_first_reached: held.reached,
    };
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

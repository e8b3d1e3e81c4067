// One day's census: totals, the per-software breakdown and coverage (docs/methodology.md, "Summary").
import { num, numOrNull, str, strOrNull, type Db, type PlainRow } from '../db.ts';
import { leftOutCondition, networkFlagCtes, SUMMARY_KINDS } from './anomalies.ts';
import { creationTimesOn, type CreationTimes } from './creation-times.ts';
import { FLAGGED_CONDITION, flaggedServerOf, LEFT_OUT_NONE, leftOutOf, type LeftOut } from './left-out.ts';
import type { AnomalyMode } from './weekly.ts';

export interface SoftwareFigures {
  readonly name: string;
  readonly servers: number;
  /** null when none of its servers reported the figure that day (not reported is not zero). */
  readonly users_total: number | null;
  readonly users_active_month: number | null;
}

export interface Coverage {
  readonly known: number;
  readonly attempted: number;
  readonly ok: number;
  readonly disallowed: number;
}

/** How many servers each sum covers (servers whose figure was not NULL). */
export interface Reporting {
  readonly users_total: number;
  readonly users_active_month: number;
  readonly local_posts: number;
}

export interface DaySummary {
  readonly day: string;
  readonly servers: number;
  /** Sums; null when no server reported the figure (or every one that did was left out). */
  readonly users_total: number | null;
  readonly users_active_month: number | null;
  readonly local_posts: number | null;
  readonly software: readonly SoftwareFigures[];
  readonly coverage: Coverage;
  readonly reporting: Reporting;
  /** exclude (default): figures of servers flagged by a kind of SUMMARY_KINDS (anomalies.ts) are left out of the sums. */
  readonly anomalies: AnomalyMode;
  /** What the sums leave out, by kind (all zero with anomalies=include). */
  readonly left_out: LeftOut;
  /** The share of servers whose creation time is known, overall and per software. */
  readonly creation_times: CreationTimes;
}

// The day's snapshots with each figure NULL where the anomaly mode leaves it out ($2: true to exclude), so
// every sum below skips it the way it skips a figure the server did not report. `source` has the columns of
// network_flagged.
const countedCte = (source: string): string => `
counted AS (
  SELECT software,
         CASE WHEN $2 AND ${leftOutCondition('users_total')} THEN NULL ELSE users_total END AS users_total,
         CASE WHEN $2 AND ${leftOutCondition('users_active_month')} THEN NULL ELSE users_active_month END AS users_active_month,
         CASE WHEN $2 AND ${leftOutCondition('local_posts')} THEN NULL ELSE local_posts END AS local_posts
  FROM ${source}
)`;

const COUNTED_CTES = `${networkFlagCtes('day = $1::DATE')},${countedCte('network_flagged')}`;

const SOFTWARE_COLUMNS = 'count(*) AS servers, sum(users_total) AS users_total, sum(users_active_month) AS users_active_month';

// The whole summary but coverage and creation times in one statement, so the network flags (a window over
// every server of the day) are computed once: part 0 is the totals, part 1 a row per software (in
// softwareForDay's order), part 2 (with $2, exclude) the servers a kind of SUMMARY_KINDS flags, for leftOutOf.
const SUMMARY_SQL = `
WITH ${networkFlagCtes('day = $1::DATE')},
day_flagged AS MATERIALIZED (SELECT * FROM network_flagged),${countedCte('day_flagged')}
SELECT 0 AS part, NULL::VARCHAR AS name, ${SOFTWARE_COLUMNS}, sum(local_posts) AS local_posts,
       count(users_total) AS reporting_users_total,
       count(users_active_month) AS reporting_users_active_month,
       count(local_posts) AS reporting_local_posts,
       ${SUMMARY_KINDS.map((k) => `NULL::BOOLEAN AS ${k}`).join(', ')}
FROM counted
UNION ALL
SELECT 1, software, ${SOFTWARE_COLUMNS}, NULL, NULL, NULL, NULL, ${SUMMARY_KINDS.map(() => 'NULL').join(', ')}
FROM counted GROUP BY software
UNION ALL
SELECT 2, domain, NULL, users_total, users_active_month, local_posts, NULL, NULL, NULL, ${SUMMARY_KINDS.join(', ')}
FROM day_flagged WHERE $2 AND ${FLAGGED_CONDITION}
ORDER BY part, servers DESC, name`;

const softwareFiguresOf = (r: PlainRow): SoftwareFigures => ({
  name: str(r, 'name'),
  servers: num(r, 'servers'),
  users_total: numOrNull(r, 'users_total'),
  users_active_month: numOrNull(r, 'users_active_month'),
});

/** The latest crawled day: the latest day with an attempt or a snapshot; null for an empty census. */
export async function latestDay(db: Db): Promise<string | null> {
  const rows = await db.all(
    `SELECT greatest((SELECT max(day) FROM snapshots), (SELECT max(day) FROM attempts)) AS day`,
  );
  return strOrNull(rows[0] ?? {}, 'day');
}

/** The first crawled day; null for an empty census. */
export async function firstDay(db: Db): Promise<string | null> {
  const rows = await db.all(`SELECT least((SELECT min(day) FROM snapshots), (SELECT min(day) FROM attempts)) AS day`);
  return strOrNull(rows[0] ?? {}, 'day');
}

/** True when the census crawled that day (any attempt or snapshot). */
export async function isCrawledDay(db: Db, day: string): Promise<boolean> {
  const rows = await db.all(
    `SELECT EXISTS (SELECT 1 FROM attempts WHERE day = ?::DATE) OR EXISTS (SELECT 1 FROM snapshots WHERE day = ?::DATE) AS crawled`,
    [day, day],
  );
  return rows[0]?.crawled === true;
}

/** Every software with a snapshot on `day`, by servers (most first), then name. */
export async function softwareForDay(db: Db, day: string, anomalies: AnomalyMode = 'exclude'): Promise<SoftwareFigures[]> {
  const rows = await db.all(
    `WITH ${COUNTED_CTES}
     SELECT software AS name, ${SOFTWARE_COLUMNS}
     FROM counted
     GROUP BY software ORDER BY servers DESC, name`,
    [day, anomalies === 'exclude'],
  );
  return rows.map(softwareFiguresOf);
}

// Coverage of each asked day in one pass: servers known by then (a running count over first_seen) and the
// attempts of that day. The site asks for every crawled day at once; a query per day cost a scan each.
const COVERAGE_SQL = `
WITH asked AS (SELECT DISTINCT unnest(string_split(?, ','))::DATE AS day),
firsts AS (
  SELECT first_seen AS day, count(*) AS n FROM servers
  WHERE status IS DISTINCT FROM 'excluded' AND first_seen <= (SELECT max(day) FROM asked)
  GROUP BY first_seen
),
known AS (SELECT day, sum(n) OVER (ORDER BY day) AS known FROM firsts),
tried AS (
  SELECT day, count(*) AS attempted,
         count(*) FILTER (WHERE status = 'ok') AS ok,
         count(*) FILTER (WHERE status = 'disallowed') AS disallowed
  FROM attempts WHERE day IN (SELECT day FROM asked)
  GROUP BY day
)
SELECT a.day::VARCHAR AS day, coalesce(k.known, 0) AS known, coalesce(t.attempted, 0) AS attempted,
       coalesce(t.ok, 0) AS ok, coalesce(t.disallowed, 0) AS disallowed
FROM asked a ASOF LEFT JOIN known k ON a.day >= k.day
LEFT JOIN tried t ON t.day = a.day
ORDER BY a.day`;

/** Coverage (definitions.ts, "coverage on a day") of each of `days` (YYYY-MM-DD), in day order. */
export async function coverageForDays(db: Db, days: readonly string[]): Promise<(Coverage & { readonly day: string })[]> {
  if (days.length === 0) return [];
  const rows = await db.all(COVERAGE_SQL, [days.join(',')]);
  return rows.map((r) => ({ day: str(r, 'day'), known: num(r, 'known'), attempted: num(r, 'attempted'), ok: num(r, 'ok'), disallowed: num(r, 'disallowed') }));
}

export async function coverageForDay(db: Db, day: string): Promise<Coverage> {
  const { day: _asked, ...coverage } = (await coverageForDays(db, [day]))[0]!; // one row per asked day, always
  return coverage;
}

/**
 * The census on `day`. Sums skip NULLs (a count that failed the plausibility rules is not a zero) and, with
 * anomalies=exclude (the default), the figures the kinds of SUMMARY_KINDS flag (./left-out.ts).
 */
export async function summaryForDay(db: Db, day: string, anomalies: AnomalyMode = 'exclude'): Promise<DaySummary> {
  const [rows, coverage, creationTimes] = await Promise.all([
    db.all(SUMMARY_SQL, [day, anomalies === 'exclude']),
    coverageForDay(db, day),
    creationTimesOn(db, day),
  ]);
  const t = rows.find((r) => r.part === 0) ?? {};
  const software = rows.filter((r) => r.part === 1).map(softwareFiguresOf);
  const leftOut = anomalies === 'exclude' ? leftOutOf(rows.filter((r) => r.part === 2).map(flaggedServerOf)) : LEFT_OUT_NONE;
  return {
    day,
    servers: num(t, 'servers'),
    users_total: numOrNull(t, 'users_total'),
    users_active_month: numOrNull(t, 'users_active_month'),
    local_posts: numOrNull(t, 'local_posts'),
    software,
    coverage,
    anomalies,
    left_out: leftOut,
    creation_times: creationTimes,
    reporting: {
      users_total: num(t, 'reporting_users_total'),
      users_active_month: num(t, 'reporting_users_active_month'),
      local_posts: num(t, 'reporting_local_posts'),
    },
  };
}

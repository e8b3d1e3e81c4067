// Change in monthly actives between two days, over the servers observed on both (definitions.ts,
// "active_change"): a sum over all servers on each day would count servers discovered or lost in between as
// users gained or lost. activeChange answers one pair (the API); activeChangePairs answers every pair of a
// set of days at once, per software, for the static site's figure checker, which adds software up. The same
// arithmetic over users_total (./users-change.ts) is the checker's net change in reported users.
import { num, str, strOrNull, type Db } from '../db.ts';

/** The counts a change can be taken of: a fixed list, so no request value reaches the SQL text. */
export type ChangeMetric = 'users_active_month' | 'users_total';

export interface ActiveChangeQuery {
  /** Any day; the nearest crawled day on or before it is compared. */
  readonly from: string;
  /** Any day, not before `from`; the nearest crawled day on or before it is compared. */
  readonly to: string;
  /** Latest known software (servers.software); null or absent for every server. */
  readonly software?: string | null;
}

export interface ActiveChange {
  /** The crawled day compared for the asked `from`; null when the census has none on or before it. */
  readonly from: string | null;
  readonly to: string | null;
  readonly servers_compared: number;
  /** Sums over the servers compared; null when no server is compared (nothing was reported on both days). */
  readonly users_active_month_from: number | null;
  readonly users_active_month_to: number | null;
  readonly change: number | null;
  readonly servers_only_from: number;
  readonly servers_only_to: number;
}

// A crawled day here is one with a snapshot: a day of attempts only has no monthly actives to compare.
const changeSql = (metric: ChangeMetric): string => `
WITH days AS (
  SELECT (SELECT max(day) FROM snapshots WHERE day <= $1::DATE) AS from_day,
         (SELECT max(day) FROM snapshots WHERE day <= $2::DATE) AS to_day
),
scope AS (
  SELECT domain FROM servers
  WHERE status IS DISTINCT FROM 'excluded' AND ($3::VARCHAR IS NULL OR software = $3)
),
a AS (
  SELECT s.domain, s.${metric} AS v FROM snapshots s, days
  WHERE s.day = days.from_day AND s.${metric} IS NOT NULL AND s.domain IN (SELECT domain FROM scope)
),
b AS (
  SELECT s.domain, s.${metric} AS v FROM snapshots s, days
  WHERE s.day = days.to_day AND s.${metric} IS NOT NULL AND s.domain IN (SELECT domain FROM scope)
)
SELECT (SELECT from_day FROM days) AS from_day, (SELECT to_day FROM days) AS to_day,
       count(a.domain) FILTER (WHERE b.domain IS NOT NULL) AS compared,
       coalesce(sum(a.v) FILTER (WHERE b.domain IS NOT NULL), 0) AS sum_from,
       coalesce(sum(b.v) FILTER (WHERE a.domain IS NOT NULL), 0) AS sum_to,
       count(*) FILTER (WHERE b.domain IS NULL) AS only_from,
       count(*) FILTER (WHERE a.domain IS NULL) AS only_to
FROM a FULL OUTER JOIN b ON a.domain = b.domain`;

/** A change of `metric`, with its two sums under neutral names (callers name them after the metric). */
export interface MetricChange {
  readonly from: string | null;
  readonly to: string | null;
  readonly servers_compared: number;
  /** Sums over the servers compared; null when no server is compared (nothing was reported on both days). */
  readonly sum_from: number | null;
  readonly sum_to: number | null;
  readonly change: number | null;
  readonly servers_only_from: number;
  readonly servers_only_to: number;
}

export async function metricChange(db: Db, query: ActiveChangeQuery, metric: ChangeMetric): Promise<MetricChange> {
  const rows = await db.all(changeSql(metric), [query.from, query.to, query.software ?? null]);
  const r = rows[0] ?? {};
  const from = strOrNull(r, 'from_day');
  const to = strOrNull(r, 'to_day');
  // Without a crawled day on or before `from`, nothing is compared (the FULL JOIN would list `to`'s servers).
  if (from === null || to === null) {
    return { from, to, servers_compared: 0, sum_from: null, sum_to: null, change: null, servers_only_from: 0, servers_only_to: 0 };
  }
  const compared = num(r, 'compared');
  const sumFrom = compared === 0 ? null : num(r, 'sum_from');
  const sumTo = compared === 0 ? null : num(r, 'sum_to');
  return {
    from,
    to,
    servers_compared: compared,
    sum_from: sumFrom,
    sum_to: sumTo,
    change: sumFrom === null || sumTo === null ? null : sumTo - sumFrom,
    servers_only_from: num(r, 'only_from'),
    servers_only_to: num(r, 'only_to'),
  };
}

export async function activeChange(db: Db, query: ActiveChangeQuery): Promise<ActiveChange> {
  const { sum_from, sum_to, ...rest } = await metricChange(db, query, 'users_active_month');
  return { ...rest, users_active_month_from: sum_from, users_active_month_to: sum_to };
}

/** One (software, from day, to day) of activeChangePairs: the sums of the servers of that software. */
export interface ActiveChangePair {
  readonly software: string;
  readonly from: string;
  readonly to: string;
  readonly servers_compared: number;
  readonly users_active_month_from: number;
  readonly users_active_month_to: number;
}

/** Servers of a software reporting users_active_month on a day (servers_only_* = reporting - compared). */
export interface ActiveReporting {
  readonly software: string;
  readonly day: string;
  readonly reporting: number;
}

// Days arrive as one bound string (the Db takes scalars); servers partition by latest software, so the
// whole census is the sum over software of these rows.
const pairsSql = (metric: ChangeMetric): string => `
WITH days AS (SELECT DISTINCT CAST(unnest(string_split($1, ',')) AS DATE) AS day),
obs AS (
  SELECT s.domain, s.day, s.${metric} AS v, coalesce(sv.software, '') AS software
  FROM snapshots s JOIN days ON days.day = s.day JOIN servers sv ON sv.domain = s.domain
  WHERE s.${metric} IS NOT NULL AND sv.status IS DISTINCT FROM 'excluded'
)
SELECT a.software, a.day AS from_day, b.day AS to_day, count(*) AS compared, sum(a.v) AS sum_from, sum(b.v) AS sum_to
FROM obs a JOIN obs b ON a.domain = b.domain AND a.day <= b.day
GROUP BY ALL ORDER BY a.software, from_day, to_day`;

const reportingSql = (metric: ChangeMetric): string => `
WITH days AS (SELECT DISTINCT CAST(unnest(string_split($1, ',')) AS DATE) AS day)
SELECT coalesce(sv.software, '') AS software, s.day, count(*) AS reporting
FROM snapshots s JOIN days ON days.day = s.day JOIN servers sv ON sv.domain = s.domain
WHERE s.${metric} IS NOT NULL AND sv.status IS DISTINCT FROM 'excluded'
GROUP BY ALL ORDER BY software, s.day`;

/**
 * activeChange's sums for every pair of `days` (from <= to), per latest software: pairs with no server in
 * common are absent. The cost grows with the square of the days, so callers pass a bounded set.
 */
export async function activeChangePairs(
  db: Db,
  days: readonly string[],
): Promise<{ pairs: ActiveChangePair[]; reporting: ActiveReporting[] }> {
  const { pairs, reporting } = await changePairs(db, days, 'users_active_month');
  return {
    pairs: pairs.map(({ sum_from, sum_to, ...pair }) => ({ ...pair, users_active_month_from: sum_from, users_active_month_to: sum_to })),
    reporting,
  };
}

/** One (software, from day, to day) of changePairs, its sums under neutral names. */
export interface ChangePair {
  readonly software: string;
  readonly from: string;
  readonly to: string;
  readonly servers_compared: number;
  readonly sum_from: number;
  readonly sum_to: number;
}

/** activeChangePairs for any ChangeMetric; `reporting` counts the servers reporting that metric. */
export async function changePairs(
  db: Db,
  days: readonly string[],
  metric: ChangeMetric,
): Promise<{ pairs: ChangePair[]; reporting: ActiveReporting[] }> {
  if (days.length === 0) return { pairs: [], reporting: [] };
  const list = days.join(',');
  const [pairs, reporting] = await Promise.all([db.all(pairsSql(metric), [list]), db.all(reportingSql(metric), [list])]);
  return {
    pairs: pairs.map((r) => ({
      software: str(r, 'software'),
      from: str(r, 'from_day'),
      to: str(r, 'to_day'),
      servers_compared: num(r, 'compared'),
      sum_from: num(r, 'sum_from'),
      sum_to: num(r, 'sum_to'),
    })),
    reporting: reporting.map((r) => ({ software: str(r, 'software'), day: str(r, 'day'), reporting: num(r, 'reporting') })),
  };
}

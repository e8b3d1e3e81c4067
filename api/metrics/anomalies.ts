// Anomalies: observations whose figures cannot be taken as growth (definitions in ./definitions.ts and
// docs/methodology.md, "Anomalies"). One SQL pass over `snapshots` flags each observation; the weekly joins
// (./weekly.ts) reuse the same CTEs to leave flagged growth out, and anomaliesOn lists the flags of a day.
// The thresholds are code constants written into the SQL as numbers; request values are bound parameters.
import { str, type Db } from '../db.ts';

/** jump: users_total rose by more than this share of the previous observation... */
export const JUMP_RELATIVE = 0.5;
/** ...and by more than this many users (both must hold). */
export const JUMP_ABSOLUTE = 10_000;
/** erratic: a step is large when it changes users_total by more than this share of the previous value... */
export const ERRATIC_RELATIVE = 0.2;
/** ...and by more than this many users (small servers move by a few users without being erratic). */
export const ERRATIC_ABSOLUTE = 10;
/** erratic: the steps looked at on each side of a large step. */
export const ERRATIC_SPAN = 4;
/** erratic: large rises and large falls (each) needed within that window. */
export const ERRATIC_MIN_EACH = 2;
/** frozen: users_total and local_posts unchanged for at least this many days. */
export const FROZEN_DAYS = 60;
/** known_inflation: Lemmy before 0.18 counted remote users in users.total (LemmyNet/lemmy#3419). */
export const LEMMY_FIXED_MINOR = 18;

export const ANOMALY_KINDS = ['jump', 'erratic', 'active_above_total', 'frozen', 'known_inflation'] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** Kinds whose observation's growth is left out of users_joined (frozen adds no growth anyway): columns of `flagged`. */
export const GROWTH_EXCLUDED_KINDS: readonly AnomalyKind[] = ['jump', 'erratic', 'active_above_total', 'known_inflation'];

export interface Anomaly {
  readonly domain: string;
  /** The flagged observation's day. */
  readonly day: string;
  readonly kind: AnomalyKind;
  /** The figures that made it one, for a person. */
  readonly detail: string;
}

/**
 * CTEs flagging each observation (a snapshot whose users_total is not NULL) of the servers in `source`,
 * a relation with the snapshots' columns. Windows are per domain, so any subset of whole servers gives each
 * server the flags it has in the whole census. Yields `flagged`: the observation, its previous one, the large
 * steps around it and a boolean per kind but frozen (which needs local_posts too: see frozenCtes).
 */
export function flaggedCtes(source: string): string {
  return `
flag_obs AS (
  SELECT domain, day, software, version, users_total, users_active_month,
         lag(users_total) OVER (PARTITION BY domain ORDER BY day) AS prev_total,
         lag(day) OVER (PARTITION BY domain ORDER BY day) AS prev_day
  FROM ${source} WHERE users_total IS NOT NULL
),
flag_steps AS (
  SELECT *, users_total - prev_total AS step,
         (prev_total IS NOT NULL AND abs(users_total - prev_total) > ${ERRATIC_ABSOLUTE}
          AND abs(users_total - prev_total) > ${ERRATIC_RELATIVE} * prev_total) AS large,
         (software = 'wordpress' OR (software = 'lemmy'
          AND TRY_CAST(regexp_extract(version, '^0\\.(\\d+)', 1) AS INTEGER) < ${LEMMY_FIXED_MINOR})) AS inflated
  FROM flag_obs
),
flag_windows AS (
  SELECT *,
         sum(CASE WHEN large AND step > 0 THEN 1 ELSE 0 END) OVER erratic_window AS large_rises,
         sum(CASE WHEN large AND step < 0 THEN 1 ELSE 0 END) OVER erratic_window AS large_falls,
         lag(inflated) OVER (PARTITION BY domain ORDER BY day) AS prev_inflated
  FROM flag_steps
  WINDOW erratic_window AS (PARTITION BY domain ORDER BY day ROWS BETWEEN ${ERRATIC_SPAN} PRECEDING AND ${ERRATIC_SPAN} FOLLOWING)
),
flagged AS (
  SELECT domain, day, software, version, users_total, users_active_month, prev_total, prev_day, large_rises, large_falls,
         coalesce(step > ${JUMP_ABSOLUTE} AND step > ${JUMP_RELATIVE} * prev_total, false) AS jump,
         (large AND large_rises >= ${ERRATIC_MIN_EACH} AND large_falls >= ${ERRATIC_MIN_EACH}) AS erratic,
         coalesce(users_active_month > users_total, false) AS active_above_total,
         coalesce(inflated, false) AS known_inflation,
         coalesce(prev_inflated, false) AS prev_known_inflation
  FROM flag_windows
)`;
}

/**
 * CTEs flagging frozen observations of `source`: over the snapshots with both users_total and local_posts,
 * a run is a sequence of consecutive ones with the same pair; an observation is frozen when its run began
 * FROZEN_DAYS or more days before it. Yields `frozen` (domain, day, users_total, local_posts, since).
 */
export function frozenCtes(source: string): string {
  return `
frozen_obs AS (
  SELECT domain, day, users_total, local_posts,
         CASE WHEN (users_total, local_posts) IS NOT DISTINCT FROM
                   lag((users_total, local_posts)) OVER (PARTITION BY domain ORDER BY day) THEN 0 ELSE 1 END AS starts_run
  FROM ${source} WHERE users_total IS NOT NULL AND local_posts IS NOT NULL
),
frozen_runs AS (
  SELECT *, sum(starts_run) OVER (PARTITION BY domain ORDER BY day ROWS UNBOUNDED PRECEDING) AS run
  FROM frozen_obs
),
frozen AS (
  SELECT domain, day, users_total, local_posts, min(day) OVER (PARTITION BY domain, run) AS since
  FROM frozen_runs
  QUALIFY day - min(day) OVER (PARTITION BY domain, run) >= ${FROZEN_DAYS}
)`;
}

// The servers with a snapshot on the day asked for, whole histories (the windows need them).
const LIST_SQL = `
WITH asked AS (SELECT domain FROM snapshots WHERE day = $1::DATE),
source AS (SELECT * FROM snapshots WHERE domain IN (SELECT domain FROM asked)),
${flaggedCtes('source')},
${frozenCtes('source')},
found AS (
  SELECT domain, day, 'jump' AS kind, format('users_total {} -> {} since {}', prev_total, users_total, prev_day) AS detail FROM flagged WHERE jump
  UNION ALL
  SELECT domain, day, 'erratic', format('users_total {} -> {} since {}; large steps nearby: {} up, {} down', prev_total, users_total, prev_day, large_rises, large_falls)
  FROM flagged WHERE erratic
  UNION ALL
  SELECT domain, day, 'active_above_total', format('users_active_month {} > users_total {}', users_active_month, users_total) FROM flagged WHERE active_above_total
  UNION ALL
  SELECT domain, day, 'frozen', format('users_total {} and local_posts {} unchanged since {}', users_total, local_posts, since) FROM frozen
  UNION ALL
  SELECT domain, day, 'known_inflation', format('{} {}', software, coalesce(version, '(no version)')) FROM flagged WHERE known_inflation
)
SELECT domain, day, kind, detail FROM found
WHERE day = $1::DATE AND ($2::VARCHAR IS NULL OR kind = $2)
ORDER BY kind, domain`;

/** The anomalies flagged on `day`, optionally of one kind, by kind then domain. */
export async function anomaliesOn(db: Db, day: string, kind: AnomalyKind | null = null): Promise<Anomaly[]> {
  const rows = await db.all(LIST_SQL, [day, kind]);
  return rows.map((r) => ({ domain: str(r, 'domain'), day: str(r, 'day'), kind: str(r, 'kind') as AnomalyKind, detail: str(r, 'detail') }));
}

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

/** outlier_total: users_total above this many times the largest of any other server of its software that day... */
export const OUTLIER_FACTOR = 10;
/**
 * ...and above this many users (a small software's largest server may be ten times its next one); it must also
 * claim more users than every other server of the network together that day, so the largest real server
 * (mastodon.social, some ten times the next Mastodon servers in a census that misses a few big ones, but a
 * fraction of the network) is never taken for a claim.
 */
export const OUTLIER_MIN_USERS = 100_000;
/** active_vanishing: users_total above this many users... */
export const VANISHING_MIN_USERS = 100_000;
/** ...with users_active_month below this share of it (fewer than 1 in 1,000 accounts active). */
export const VANISHING_SHARE = 0.001;
/** posts_per_user: local_posts above this many per user (a post every two minutes for four years, each). */
export const POSTS_PER_USER_MAX = 1_000_000;

export const ANOMALY_KINDS = [
  'jump', 'erratic', 'active_above_total', 'frozen', 'known_inflation', 'outlier_total', 'active_vanishing', 'posts_per_user',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** The kinds that compare a server with the rest of the network and with its own figures on one day. */
export const NETWORK_KINDS = ['outlier_total', 'active_vanishing', 'posts_per_user'] as const satisfies readonly AnomalyKind[];
export type NetworkKind = (typeof NETWORK_KINDS)[number];

/**
 * The kinds that make a server's level on one day untrustworthy, so the summary leaves its figures out of the
 * sums (anomalies=exclude): the network kinds, and the per-observation kinds that concern the level itself.
 * jump, erratic and frozen concern growth steps, not the level, and stay counted (docs/methodology.md).
 */
export const SUMMARY_KINDS = [...NETWORK_KINDS, 'known_inflation', 'active_above_total'] as const satisfies readonly AnomalyKind[];
export type SummaryKind = (typeof SUMMARY_KINDS)[number];

/** The figures of a flagged server that the summary leaves out of its sums (anomalies=exclude). */
export const SUMMARY_LEFT_OUT: Readonly<Record<SummaryKind, readonly ('users_total' | 'users_active_month' | 'local_posts')[]>> = {
  outlier_total: ['users_total', 'users_active_month'],
  active_vanishing: ['users_total', 'users_active_month'],
  posts_per_user: ['local_posts'],
  // The inflated count is users_total; its monthly actives come from the same counting (all accounts of a
  // WordPress site, remote users on old Lemmy), so both go. Posts are counted apart and stay.
  known_inflation: ['users_total', 'users_active_month'],
  // One of the two is wrong and the snapshot does not say which: both go.
  active_above_total: ['users_total', 'users_active_month'],
};

/** SQL true for a snapshot row (software, version) whose software is known to inflate users_total. */
const KNOWN_INFLATION_SQL = `(software = 'wordpress' OR (software = 'lemmy'
          AND TRY_CAST(regexp_extract(version, '^0\\.(\\d+)', 1) AS INTEGER) < ${LEMMY_FIXED_MINOR}))`;
/** SQL true for a snapshot row claiming more monthly actives than users (NULL-safe). */
const ACTIVE_ABOVE_TOTAL_SQL = 'coalesce(users_active_month > users_total, false)';

/**
 * Network kinds whose observation's growth is left out of users_joined too: those that leave its users_total
 * out of the summary (a claim's level is no base for growth). Columns of `network_flagged`.
 */
export const GROWTH_EXCLUDED_NETWORK_KINDS: readonly NetworkKind[] = NETWORK_KINDS.filter((k) => SUMMARY_LEFT_OUT[k].includes('users_total'));

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
         ${KNOWN_INFLATION_SQL} AS inflated
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
         ${ACTIVE_ABOVE_TOTAL_SQL} AS active_above_total,
         coalesce(inflated, false) AS known_inflation,
         coalesce(prev_inflated, false) AS prev_known_inflation
  FROM flag_windows
)`;
}

/** SQL true when `field` of a `network_flagged` row is left out of the summary's sums (NULL-safe). */
export function leftOutCondition(field: 'users_total' | 'users_active_month' | 'local_posts'): string {
  const kinds = SUMMARY_KINDS.filter((k) => SUMMARY_LEFT_OUT[k].includes(field));
  return kinds.length === 0 ? 'false' : `(${kinds.join(' OR ')})`;
}

/**
 * CTEs flagging the snapshots matching `where` (a condition on `snapshots`, e.g. one day) by the network
 * kinds: each compared with every other server of its software that day (of the network, when it is the only
 * one of its software reporting users) and with its own other figures. Yields `network_flagged`: the
 * snapshot's figures, largest_other and a boolean per SUMMARY_KINDS (the per-observation known_inflation and
 * active_above_total need only the snapshot itself, so the summary reads them here too, by the same SQL).
 */
export function networkFlagCtes(where: string): string {
  const ranked = (partition: string) => `(PARTITION BY ${partition} ORDER BY users_total DESC NULLS LAST ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)`;
  return `
net_obs AS (
  SELECT day, domain, software, version, users_total, users_active_month, local_posts,
         max(users_total) OVER ${ranked('day, software')} AS sw_max,
         nth_value(users_total, 2) OVER ${ranked('day, software')} AS sw_second,
         count(users_total) OVER (PARTITION BY day, software) AS sw_reporting,
         max(users_total) OVER ${ranked('day')} AS net_max,
         nth_value(users_total, 2) OVER ${ranked('day')} AS net_second,
         sum(users_total) OVER (PARTITION BY day) - users_total AS rest_of_network
  FROM snapshots WHERE ${where}
),
net_peer AS (
  SELECT *, CASE WHEN sw_reporting > 1 THEN (CASE WHEN users_total = sw_max THEN sw_second ELSE sw_max END)
                 ELSE (CASE WHEN users_total = net_max THEN net_second ELSE net_max END) END AS largest_other
  FROM net_obs
),
network_flagged AS (
  SELECT day, domain, software, users_total, users_active_month, local_posts, largest_other, rest_of_network,
         CASE WHEN sw_reporting > 1 THEN software || ' server' ELSE 'server' END AS compared_with,
         coalesce(users_total > ${OUTLIER_MIN_USERS} AND users_total > ${OUTLIER_FACTOR} * largest_other
                  AND users_total > rest_of_network, false) AS outlier_total,
         coalesce(users_total > ${VANISHING_MIN_USERS} AND users_active_month < ${VANISHING_SHARE} * users_total, false) AS active_vanishing,
         coalesce(users_total IS NOT NULL AND local_posts > ${POSTS_PER_USER_MAX}::BIGINT * greatest(users_total, 1), false) AS posts_per_user,
         coalesce(users_total IS NOT NULL AND ${KNOWN_INFLATION_SQL}, false) AS known_inflation,
         ${ACTIVE_ABOVE_TOTAL_SQL} AS active_above_total
  FROM net_peer
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
${networkFlagCtes('day = $1::DATE')},
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
  UNION ALL
  SELECT domain, day, 'outlier_total', format('users_total {} is more than {} times {}, the largest of any other {} that day, and more than the {} of every other server together', users_total, ${OUTLIER_FACTOR}, largest_other, compared_with, rest_of_network) FROM network_flagged WHERE outlier_total
  UNION ALL
  SELECT domain, day, 'active_vanishing', format('users_active_month {} is below {}% of users_total {}', users_active_month, ${VANISHING_SHARE * 100}, users_total)
  FROM network_flagged WHERE active_vanishing
  UNION ALL
  SELECT domain, day, 'posts_per_user', format('local_posts {} is more than {} per user for users_total {}', local_posts, ${POSTS_PER_USER_MAX}, users_total)
  FROM network_flagged WHERE posts_per_user
)
SELECT domain, day, kind, detail FROM found
WHERE day = $1::DATE AND ($2::VARCHAR IS NULL OR kind = $2)
ORDER BY kind, domain`;

/** The anomalies flagged on `day`, optionally of one kind, by kind then domain. */
export async function anomaliesOn(db: Db, day: string, kind: AnomalyKind | null = null): Promise<Anomaly[]> {
  const rows = await db.all(LIST_SQL, [day, kind]);
  return rows.map((r) => ({ domain: str(r, 'domain'), day: str(r, 'day'), kind: str(r, 'kind') as AnomalyKind, detail: str(r, 'detail') }));
}

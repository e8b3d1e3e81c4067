// The weekly rows of a publication, computed from the previous publication's settled part plus what a night
// can still change, instead of a pass over the whole history every night (issue 14). The rule is weekly.ts's
// (growthStepCtes); only the bookkeeping is here. A test compares the result with WEEKLY_SQL over the whole
// census, night after night.
//
// A contribution is *settled* once nothing a crawl writes can change it:
//   - a growth step, when it and the ERRATIC_SPAN observations after it (its erratic window) are all before
//     the cut, a first day of a month at least SETTLE_WEEKS before the latest week: Mastodon re-reports the
//     last 12 weeks of activity windows every night, so coverage of older weeks no longer moves;
//   - the registrations of an activity window, when its week is before the cut.
// The state (tables named below, in a database of their own that the caller attaches): the settled sums per
// (software, week); per server the last TAIL_OBSERVATIONS observations before the cut (the context an
// unsettled step's flags need: its erratic window reaches ERRATIC_SPAN steps back, each step needs its
// previous observation) and the network-flagged observations before the cut (a day's network flags need
// every server of that day); the weeks crawled before the cut; the cut; and a stamp of the history before it.
// It changes only when the cut moves (once a month) or a server's settled part moves, so on most nights the
// caller keeps the previous version's state file as it is (a hard link). The software each server was counted
// under is the previous version's `servers` table. The next publication reads the state back when the stamp
// still matches (nothing before the cut was rewritten: an import, an exclusion), and recomputes from the cut
// on. A server counted under another software than now (or newly in or out of scope) has its settled part
// moved, recomputed from its own rows; past MAX_MOVED_SERVERS it is cheaper, and as exact, to start from
// the whole history.
import { createHash } from 'node:crypto';
import { ACTIVITY_WEEKS_BACK } from '../../core/activity-weeks.ts';
import { num, str, type Db } from '../db.ts';
import { ERRATIC_SPAN } from './anomalies.ts';
import { addDays, mondayOf } from './dates.ts';
import { growthStepCtes, netExcludedSql, scopeSql, STORED_WEEKLY_TABLE, storeWeeklyRows, WEEKLY_ROWS_CTES, weeklyParts } from './weekly.ts';

/** Weeks back from the latest week before which no crawl writes activity windows (core/activity-weeks.ts). */
export const SETTLE_WEEKS = ACTIVITY_WEEKS_BACK;
/** Observations per server carried before the cut: an erratic window either side, plus one previous. */
export const TAIL_OBSERVATIONS = 2 * ERRATIC_SPAN + 1;
/** Beyond this many servers whose software changed, the whole history is recomputed. */
export const MAX_MOVED_SERVERS = 2_000;
/** The snapshot columns the flags read: those of the tail. */
const COLUMNS = 'domain, day, software, version, users_total, users_active_month';

/**
 * What the stored state was computed by: the rule's SQL (thresholds are written into it as numbers) and this
 * module's own constants, so a state computed by another rule is never carried into this one's months.
 */
const STATE_SHAPE = `carried-v1/${createHash('sha256')
  .update([growthStepCtes(), weeklyParts('c', 's'), WEEKLY_ROWS_CTES, TAIL_OBSERVATIONS, SETTLE_WEEKS, COLUMNS].join('\n'))
  .digest('hex')
  .slice(0, 16)}`;

/** The tables of the state database (CarryOptions.state). */
const STATE_TABLES = { state: 'state', settled: 'settled', tail: 'tail', netExcluded: 'net_excluded', crawled: 'crawled_weeks' } as const;

export interface CarryOptions {
  /** The latest snapshot day (YYYY-MM-DD). */
  readonly latestDay: string;
  /** The previous version, attached: its database (for its `servers`) and its state (null: it has none), or null. */
  readonly previous: { readonly database: string; readonly state: string | null } | null;
  /** The attached, empty database the new state is written to when it changed (CarryResult.stateChanged). */
  readonly state: string;
  /** A fingerprint of the growing tables' rows before `cut` (a first day of a month), from the caller's records. */
  historyStamp(cut: string): string;
}

export interface CarryResult {
  readonly rows: number;
  /** carried: from the previous version's settled part; whole history: computed afresh, `why`. */
  readonly from: 'carried' | 'whole history';
  readonly why: string | null;
  readonly cut: string;
  /** Servers whose settled part moved to another software (carried only). */
  readonly moved: number;
  /** false: the previous version's state holds as it is and nothing was written to `state`. */
  readonly stateChanged: boolean;
}

/** The cut for a latest day: the first day of the month holding the Monday SETTLE_WEEKS before its week. */
export function cutFor(latestDay: string): string {
  return `${addDays(mondayOf(latestDay), -7 * SETTLE_WEEKS).slice(0, 7)}-01`;
}

const TEMP_TABLES = ['wk_scope', 'wk_net_excluded', 'wk_parts', 'wk_moved', 'wk_moved_parts', 'wk_days', 'wk_crawled'];

/**
 * Stores the weekly rows (weekly.ts's STORED_WEEKLY_TABLE and its source) in the database `db` writes to,
 * which reads the version's own files as the census's tables, and the state the next publication carries.
 */
export async function storeCarriedWeeklyJoins(db: Db, options: CarryOptions): Promise<CarryResult> {
  const cut = cutFor(options.latestDay);
  const previous = options.previous;
  const prior: Prior = !previous
    ? { usable: false, why: 'no previous version' }
    : previous.state === null
      ? { usable: false, why: 'the previous version has no carried state' }
      : await priorState(db, previous.state, cut, options.historyStamp);
  const prev = (name: string): string => `${previous?.state}.main.${name}`;
  const next = (name: string): string => `${options.state}.main.${name}`;
  try {
    await db.all(`CREATE OR REPLACE TEMP TABLE wk_scope AS ${scopeSql()}`);
    let why = prior.usable ? null : prior.why;
    let moved = 0;
    if (prior.usable && previous) {
      // Servers counted under another software than now (or in or out of scope) that can have a settled part:
      // first reached before the cut (a crawl writes no older rows; an import changes the history stamp).
      await db.all(`CREATE OR REPLACE TEMP TABLE wk_moved AS
        WITH was AS (${scopeSql(`${previous.database}.main.servers`, 'domain, software, first_seen_ok')})
        SELECT coalesce(n.domain, p.domain) AS domain, p.software AS was, n.software AS now
        FROM wk_scope n FULL JOIN was p ON p.domain = n.domain
        WHERE n.software IS DISTINCT FROM p.software AND coalesce(n.first_seen_ok, p.first_seen_ok) < DATE '${prior.cut}'`);
      const [count] = await db.all('SELECT count(*) AS n FROM wk_moved');
      moved = count ? num(count, 'n') : 0;
      if (moved > MAX_MOVED_SERVERS) why = `${moved} servers changed software (more than ${MAX_MOVED_SERVERS})`;
    }
    const priorCut = prior.usable && why === null ? prior.cut : null;
    await unsettledParts(db, priorCut, cut, priorCut ? prev : null);
    // With the same cut and no server moved, nothing more has settled: the previous state holds.
    const stateChanged = !(priorCut === cut && moved === 0);
    if (stateChanged) {
      const previousSums = priorCut ? await previousSettledMoved(db, priorCut, prev) : null;
      await db.all(`CREATE OR REPLACE TABLE ${next(STATE_TABLES.settled)} AS WITH scope AS (SELECT * FROM wk_scope)
        SELECT software, week, sum(registered) AS registered, sum(windows) AS windows, sum(growth) AS growth,
               sum(growth_all) AS growth_all, sum(steps) AS steps
        FROM (${previousSums ? `${previousSums} UNION ALL ` : ''}SELECT * EXCLUDE (part) FROM wk_parts WHERE part = 'settles')
        GROUP BY ALL HAVING sum(windows) <> 0 OR sum(steps) <> 0 ORDER BY week, software`);
    }
    const settled = stateChanged ? next(STATE_TABLES.settled) : prev(STATE_TABLES.settled);
    const since = priorCut ? `WHERE day >= DATE '${priorCut}'` : '';
    // The crawled days since the previous cut, read once: the weeks served now and those the state keeps.
    await db.all(`CREATE OR REPLACE TEMP TABLE wk_days AS SELECT DISTINCT day FROM snapshots ${since} UNION SELECT DISTINCT day FROM attempts ${since}`);
    await db.all(`CREATE OR REPLACE TEMP TABLE wk_crawled AS
      ${priorCut ? `SELECT week FROM ${prev(STATE_TABLES.crawled)} UNION ` : ''}SELECT DISTINCT date_trunc('week', day)::DATE AS week FROM wk_days`);
    await storeWeeklyRows(db, `WITH scope AS (SELECT * FROM wk_scope),
      joins AS (SELECT * FROM ${settled} UNION ALL SELECT * EXCLUDE (part) FROM wk_parts WHERE part = 'open'),
      crawled_weeks AS (SELECT week FROM wk_crawled),
      ${WEEKLY_ROWS_CTES}`);
    if (stateChanged) await storeState(db, priorCut, cut, options.historyStamp(cut), prev, next);
    const [count] = await db.all(`SELECT count(*) AS n FROM ${STORED_WEEKLY_TABLE}`);
    return { rows: count ? num(count, 'n') : 0, from: priorCut ? 'carried' : 'whole history', why, cut, moved: priorCut ? moved : 0, stateChanged };
  } finally {
    for (const t of TEMP_TABLES) await db.all(`DROP TABLE IF EXISTS temp.main.${t}`);
  }
}

type Prior = { readonly usable: true; readonly cut: string } | { readonly usable: false; readonly why: string };

/** The previous version's state, when it can be carried: same shape, an earlier or equal cut, the same history before it. */
async function priorState(db: Db, catalog: string, cut: string, historyStamp: (cut: string) => string): Promise<Prior> {
  const names = Object.values(STATE_TABLES);
  const [tables] = await db.all(
    `SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = $1 AND schema_name = 'main' AND table_name IN (${names.map((t) => `'${t}'`).join(', ')})`,
    [catalog],
  );
  if (!tables || num(tables, 'n') < names.length) return { usable: false, why: 'the previous version has no carried state' };
  const [state] = await db.all(`SELECT shape, cut::VARCHAR AS cut, history FROM ${catalog}.main.${STATE_TABLES.state}`);
  if (!state || str(state, 'shape') !== STATE_SHAPE) return { usable: false, why: 'the previous version carried another shape' };
  const previousCut = str(state, 'cut');
  if (previousCut > cut) return { usable: false, why: `the cut moved back (${previousCut} to ${cut})` };
  if (str(state, 'history') !== historyStamp(previousCut)) return { usable: false, why: `rows before ${previousCut} changed` };
  return { usable: true, cut: previousCut };
}

/**
 * wk_parts: the sums, per (software, week) under the current scope, of every growth step and activity window
 * not settled before the previous cut (of the whole history when nothing is carried): `part` 'settles' for
 * those the new cut settles, 'open' for the rest (recomputed by every publication). wk_net_excluded: the
 * network-flagged observations from the previous cut on. Steps are computed for every published server and
 * only summed under scope, so a server's settled part can later move with its software.
 */
async function unsettledParts(db: Db, priorCut: string | null, cut: string, prev: ((name: string) => string) | null): Promise<void> {
  const since = priorCut ? `day >= DATE '${priorCut}'` : 'true';
  // A day's network flags need every server of that day: computed once here, from the cut on.
  await db.all(`CREATE OR REPLACE TEMP TABLE wk_net_excluded AS ${netExcludedSql(since)}`);
  const ctes = growthStepCtes({
    counted: `${prev ? `SELECT ${COLUMNS} FROM ${prev(STATE_TABLES.tail)} UNION ALL ` : ''}SELECT ${COLUMNS} FROM snapshots WHERE ${since}`,
    covered: 'SELECT domain, week, registrations FROM weekly_activity WHERE registrations IS NOT NULL',
    netExcluded: `SELECT domain, day FROM wk_net_excluded${prev ? ` UNION ALL SELECT domain, day FROM ${prev(STATE_TABLES.netExcluded)}` : ''}`,
    windowCloses: true,
  });
  const settledAtPriorCut = priorCut ? `coalesce(day < DATE '${priorCut}' AND window_closes < DATE '${priorCut}', false)` : 'false';
  const settles = `coalesce(day < DATE '${cut}' AND window_closes < DATE '${cut}', false)`;
  // One pass over the steps (their windows are the cost), summed straight away: the sums are small.
  await db.all(`CREATE OR REPLACE TEMP TABLE wk_parts AS WITH scope AS (SELECT * FROM wk_scope), ${ctes},
    open_steps AS (
      SELECT domain, week, users, anomalous, CASE WHEN ${settles} THEN 'settles' ELSE 'open' END AS part
      FROM growth_steps WHERE NOT ${settledAtPriorCut}
    ),
    open_windows AS (
      SELECT domain, week, registrations, CASE WHEN week < DATE '${cut}' THEN 'settles' ELSE 'open' END AS part
      FROM covered ${priorCut ? `WHERE week >= DATE '${priorCut}'` : ''}
    )
    ${weeklyParts('open_windows', 'open_steps', 'software', 'part')}`);
}

/**
 * SQL for the previous settled sums with the parts of moved servers (wk_moved) taken from the software they
 * were counted under and given to the one they have now: each recomputed (into wk_moved_parts) from the
 * server's own rows before the previous cut, with the network flags the previous version carried.
 */
async function previousSettledMoved(db: Db, priorCut: string, prev: (name: string) => string): Promise<string> {
  const before = `day < DATE '${priorCut}'`;
  const ctes = growthStepCtes({
    counted: `SELECT ${COLUMNS} FROM snapshots WHERE domain IN (SELECT domain FROM wk_moved) AND ${before}`,
    covered: 'SELECT domain, week, registrations FROM weekly_activity WHERE registrations IS NOT NULL AND domain IN (SELECT domain FROM wk_moved)',
    netExcluded: `SELECT domain, day FROM ${prev(STATE_TABLES.netExcluded)}`,
    windowCloses: true,
  });
  const parts = `WITH ${ctes}
    ${weeklyParts(`(SELECT * FROM covered WHERE week < DATE '${priorCut}')`, `(SELECT * FROM growth_steps WHERE window_closes < DATE '${priorCut}')`, 'domain')}`;
  await db.all(`CREATE OR REPLACE TEMP TABLE wk_moved_parts AS ${parts}`);
  return `SELECT software, week, registered, windows, growth, growth_all, steps FROM ${prev(STATE_TABLES.settled)}
    UNION ALL SELECT m.was, p.week, -p.registered, -p.windows, -p.growth, -p.growth_all, -p.steps
      FROM wk_moved_parts p JOIN wk_moved m ON m.domain = p.domain WHERE m.was IS NOT NULL
    UNION ALL SELECT m.now, p.week, p.registered, p.windows, p.growth, p.growth_all, p.steps
      FROM wk_moved_parts p JOIN wk_moved m ON m.domain = p.domain WHERE m.now IS NOT NULL`;
}

/** What the next publication carries, as of `cut` (the settled sums are written before). */
async function storeState(db: Db, priorCut: string | null, cut: string, history: string, prev: (name: string) => string, next: (name: string) => string): Promise<void> {
  const before = `day < DATE '${cut}'`;
  const since = priorCut ? ` AND day >= DATE '${priorCut}'` : '';
  await db.all(`CREATE OR REPLACE TABLE ${next(STATE_TABLES.state)} AS SELECT '${STATE_SHAPE}' AS shape, DATE '${cut}' AS cut, ${sqlText(history)} AS history`);
  // The last TAIL_OBSERVATIONS days per server by an aggregate (a few dates per server), not a window over
  // every row, which needs far more memory at this size.
  await db.all(`CREATE OR REPLACE TABLE ${next(STATE_TABLES.tail)} AS
    WITH candidates AS (
      ${priorCut ? `SELECT ${COLUMNS} FROM ${prev(STATE_TABLES.tail)} UNION ALL ` : ''}SELECT ${COLUMNS} FROM snapshots
      WHERE users_total IS NOT NULL AND ${before}${since}
    ),
    kept_since AS (SELECT domain, list_min(max_by(day, day, ${TAIL_OBSERVATIONS})) AS since FROM candidates GROUP BY domain)
    SELECT c.* FROM candidates c JOIN kept_since k ON k.domain = c.domain AND c.day >= k.since
    ORDER BY c.domain, c.day`);
  await db.all(`CREATE OR REPLACE TABLE ${next(STATE_TABLES.netExcluded)} AS
    ${priorCut ? `SELECT domain, day FROM ${prev(STATE_TABLES.netExcluded)} UNION ALL ` : ''}SELECT domain, day FROM wk_net_excluded WHERE ${before}`);
  await db.all(`CREATE OR REPLACE TABLE ${next(STATE_TABLES.crawled)} AS
    ${priorCut ? `SELECT week FROM ${prev(STATE_TABLES.crawled)} UNION ` : ''}SELECT DISTINCT date_trunc('week', day)::DATE AS week
    FROM wk_days WHERE ${before}`);
}

function sqlText(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

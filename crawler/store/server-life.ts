// The life of a server (docs/methodology.md, issue #5): which known names a night's crawl attempts, and when
// each is due again after it. Backoff after failures, a week for servers that asked to be left alone, gone
// after 90 days without success; peer lists weekly (../peer-refresh.ts).
import type { DuckDBConnection } from '@duckdb/node-api';
import { peersFreshSql } from '../peer-refresh.ts';

/** Backoff ceiling and the silence after which a server counts as gone (issue #5, admins' requests). */
const MAX_BACKOFF_DAYS = 30;
const GONE_AFTER_DAYS = 90;

export interface CrawlSchedule {
  /** Names to attempt now, least recently attempted first. */
  readonly due: string[];
  /** Gone names whose backoff is over: attempted only if a peer list names them again today. */
  readonly dormant: Set<string>;
  /** Known names whose backoff runs past today. */
  readonly waiting: number;
  readonly everOk: Set<string>;
  /** Names whose peer list is not asked for today (crawler/peer-refresh.ts). */
  readonly peersFresh: Set<string>;
  /**
   * How long a crawl of each name is likely to take, from its last attempt (../crawl.ts starts the long ones
   * first): `timedOut` held its slot for the whole budget, `failedFast` failed on one request; the rest
   * answered (several requests) or were never attempted.
   */
  readonly timedOut: Set<string>;
  readonly failedFast: Set<string>;
}

/**
 * The life of a server (docs/methodology.md): after k consecutive failures the next attempt is 2^k days
 * later, at most 30; a server that asked to be left alone (robots.txt, 410, moved) waits a week; 90 days
 * without success mark it gone. For the batch in staged_observations (./staging.ts), inside its transaction,
 * and only for servers whose latest attempt is this day: a backfill of an older day does not reschedule.
 */
export async function scheduleNextAttempts(db: DuckDBConnection, day: string): Promise<void> {
  await db.run(
    `UPDATE servers SET
       next_attempt = CASE
         WHEN servers.status = 'ok' THEN NULL
         WHEN b.retry_days IS NOT NULL THEN $1::DATE + b.retry_days
         ELSE $1::DATE + least(pow(2, consecutive_failures), $2)::INTEGER END,
       gone = servers.status <> 'ok' AND coalesce(last_seen_ok, first_seen) <= $1::DATE - $3::INTEGER,
       moved_to = b.moved_to
     FROM staged_observations AS b
     WHERE servers.domain = b.domain AND servers.last_attempt = $1::DATE`,
    [day, MAX_BACKOFF_DAYS, GONE_AFTER_DAYS],
  );
}

/**
 * What a crawl of `day` attempts from the names it knows: `due` now; `dormant` (gone, backoff over) only if a
 * peer list names them again today; everything else waits. Least recently attempted first, so a capped
 * group of names rotates from night to night.
 */
export async function readSchedule(db: DuckDBConnection, day: string): Promise<CrawlSchedule> {
  const reader = await db.runAndReadAll(
    `SELECT domain, gone, (next_attempt IS NULL OR next_attempt <= $1::DATE) AS due, first_seen_ok IS NOT NULL AS ever_ok,
            ${peersFreshSql('$1::DATE')} AS peers_fresh,
            status = 'timeout' AS timed_out, status NOT IN ('ok', 'timeout') AS failed_fast
     FROM servers WHERE status IS DISTINCT FROM 'excluded'
     ORDER BY last_attempt NULLS FIRST, domain`,
    [day],
  );
  const due: string[] = [];
  const dormant = new Set<string>();
  const everOk = new Set<string>();
  const peersFresh = new Set<string>();
  const timedOut = new Set<string>();
  const failedFast = new Set<string>();
  let waiting = 0;
  for (const row of reader.getRowObjects()) {
    const domain = String(row.domain);
    if (row.ever_ok) everOk.add(domain);
    if (row.peers_fresh) peersFresh.add(domain);
    if (row.timed_out) timedOut.add(domain);
    if (row.failed_fast) failedFast.add(domain);
    if (!row.due) waiting++;
    else if (row.gone) dormant.add(domain);
    else due.push(domain);
  }
  return { due, dormant, waiting, everOk, peersFresh, timedOut, failedFast };
}

// Writes one crawl's findings into the census. Writes are batched into transactions (DuckDB is fast at
// sets, slow at single rows), and every write for a (day, domain) replaces what that day held for the
// domain, so a re-run of the same day never duplicates anything.
import type { DuckDBConnection } from '@duckdb/node-api';
import { ACTIVITY_WEEKS_BACK } from '../../core/activity-weeks.ts';
import { FEDICENSUS } from '../../core/sources.ts';
import type { ServerObservation } from '../observation.ts';
import { Staging, stagedActivity, stagedObservation } from './staging.ts';
import { readSchedule, scheduleNextAttempts, type CrawlSchedule } from './server-life.ts';

/**
 * SQL, in the servers UPDATE (bound: $2 the crawl time): the staged creation time replaces the stored one when
 * it is earlier, or none is stored, and it is not after the crawl (a clock set wrong is no evidence).
 */
const EARLIER_CREATED_AT = `(b.created_at IS NOT NULL AND b.created_at_source IS NOT NULL
  AND b.created_at::TIMESTAMP <= $2::TIMESTAMP
  AND (servers.created_at IS NULL OR b.created_at::TIMESTAMP < servers.created_at))`;

export interface NewServer {
  readonly domain: string;
  /** The server whose peer list named it; null for seeds. */
  readonly listedBy: string | null;
}

export interface RunTotals {
  readonly known: number;
  readonly attempted: number;
  readonly ok: number;
  readonly newServers: number;
  readonly outcomes: Readonly<Record<string, number>>;
}

/** A day's attempts and how many reached the server. */
export interface DayReach {
  readonly day: string;
  readonly attempted: number;
  readonly ok: number;
}

export class CensusWriter {
  private readonly staging: Staging;

  /** `source`: the id stored on every row this writer adds (core/sources.ts); the census's own crawl by default. */
  constructor(
    private readonly db: DuckDBConnection,
    private readonly source: string = 'fedicensus',
  ) {
    this.staging = new Staging(db);
  }

  /** Names the census knows and may contact (tombstones of excluded servers left out). */
  async knownDomains(): Promise<string[]> {
    const reader = await this.db.runAndReadAll(`SELECT domain FROM servers WHERE status IS DISTINCT FROM 'excluded'`);
    return reader.getColumns()[0]?.map(String) ?? [];
  }

  /**
   * Servers already attempted on `day` by runs that did not finish (killed, crashed) since the day's last
   * finished run: a new run for the day resumes after them instead of crawling them again.
   */
  async attemptedByUnfinishedRuns(day: string): Promise<Set<string>> {
    const reader = await this.db.runAndReadAll(
      `SELECT domain FROM attempts WHERE day = ?::DATE AND run_id > coalesce(
         (SELECT max(run_id) FROM crawl_runs WHERE day = ?::DATE AND ended_at IS NOT NULL), 0)`,
      [day, day],
    );
    return new Set(reader.getColumns()[0]?.map(String) ?? []);
  }

  async excludedDomains(): Promise<Set<string>> {
    const reader = await this.db.runAndReadAll(`SELECT domain FROM servers WHERE status = 'excluded'`);
    return new Set(reader.getColumns()[0]?.map(String) ?? []);
  }

  /** Adds names not yet known; returns how many were new. */
  async addServers(day: string, servers: readonly NewServer[]): Promise<number> {
    if (servers.length === 0) return 0;
    await this.staging.stage('staged_servers', servers.map((s) => [s.domain, s.listedBy]));
    // RETURNING yields only the rows actually inserted: the new names, without counting the table. A name
    // listed twice in one batch keeps its first lister (crawl() de-duplicates before; seeds have none).
    const inserted = await this.db.runAndReadAll(
      `INSERT INTO servers (domain, first_seen, listed_by)
       SELECT domain, ?::DATE, first(listed_by ORDER BY rowid) FROM staged_servers GROUP BY domain
       ON CONFLICT DO NOTHING RETURNING domain`,
      [day],
    );
    return inserted.currentRowCount;
  }

  /**
   * Removes every trace of the named servers and leaves a tombstone, so the operator's exclude list
   * sticks even when a peer list names the server again.
   */
  async exclude(domains: readonly string[], day: string): Promise<void> {
    if (domains.length === 0) return;
    await this.transaction(async () => {
      // The names go in through the staging table new names use (./staging.ts); listed_by is not read here.
      await this.staging.stage('staged_servers', domains.map((d) => [d, null]));
      for (const table of ['attempts', 'snapshots', 'weekly_activity', 'servers']) {
        await this.db.run(`DELETE FROM ${table} WHERE domain IN (SELECT domain FROM staged_servers)`);
      }
      await this.db.run(
        `INSERT INTO servers (domain, first_seen, status, status_reason)
         SELECT DISTINCT domain, ?::DATE, 'excluded', 'operator exclude list' FROM staged_servers`,
        [day],
      );
    });
  }

  /**
   * How much of the fediverse a day reached: every attempt recorded for it, whichever run made it (an
   * interrupted run's included; a server attempted twice that day has one row, the later).
   */
  async dayReach(day: string): Promise<DayReach> {
    const reader = await this.db.runAndReadAll(
      `SELECT count(*)::INTEGER AS attempted, count(*) FILTER (WHERE status = 'ok')::INTEGER AS ok FROM attempts WHERE day = ?::DATE`,
      [day],
    );
    const row = reader.getRowObjects()[0];
    return { day, attempted: Number(row?.attempted ?? 0), ok: Number(row?.ok ?? 0) };
  }

  /** The reach of the latest day before `day` that a run finished, for telling a lost network from a shrinking fediverse. */
  async previousDayReach(day: string): Promise<DayReach | null> {
    const reader = await this.db.runAndReadAll(
      `SELECT max(day)::VARCHAR AS day FROM crawl_runs WHERE ended_at IS NOT NULL AND day < ?::DATE`,
      [day],
    );
    const previous = reader.getRowObjects()[0]?.day;
    return previous ? this.dayReach(String(previous)) : null;
  }

  async beginRun(day: string, startedAt: Date, options: unknown): Promise<number> {
    const reader = await this.db.runAndReadAll(`SELECT coalesce(max(run_id), 0)::INTEGER + 1 AS id FROM crawl_runs`);
    const runId = Number(reader.getRowObjects()[0]?.id ?? 1);
    await this.db.run(`INSERT INTO crawl_runs (run_id, day, started_at, options, source) VALUES (?, ?::DATE, ?::TIMESTAMP, ?, ?)`, [
      runId,
      day,
      startedAt.toISOString(),
      JSON.stringify(options),
      this.source,
    ]);
    return runId;
  }

  async finishRun(runId: number, endedAt: Date, totals: RunTotals): Promise<void> {
    await this.db.run(
      `UPDATE crawl_runs SET ended_at = ?::TIMESTAMP, known = ?, attempted = ?, ok = ?, new_servers = ?, outcomes = ? WHERE run_id = ?`,
      [endedAt.toISOString(), totals.known, totals.attempted, totals.ok, totals.newServers, JSON.stringify(totals.outcomes), runId],
    );
  }

  /**
   * Records a batch in one transaction: the names these servers' peer lists added, and their observations
   * for `day` (replacing that day's rows for them). A crash between batches therefore never leaves an
   * observation without the names it discovered, which is what lets an interrupted day resume.
   * Returns how many of `newServers` were new.
   */
  async recordBatch(
    day: string,
    runId: number,
    newServers: readonly NewServer[],
    observations: readonly ServerObservation[],
    crawledAt: Date,
  ): Promise<number> {
    let added = 0;
    await this.transaction(async () => {
      added = await this.recordWithinTransaction(day, runId, newServers, observations, crawledAt);
    });
    return added;
  }

  /** recordBatch inside the caller's transaction (an import writes a whole file in one). */
  async recordWithinTransaction(
    day: string,
    runId: number,
    newServers: readonly NewServer[],
    observations: readonly ServerObservation[],
    crawledAt: Date,
  ): Promise<number> {
    const added = await this.addServers(day, newServers);
    await this.insertObservations(day, runId, observations, crawledAt);
    return added;
  }

  private async insertObservations(day: string, runId: number, observations: readonly ServerObservation[], crawledAt: Date): Promise<void> {
    if (observations.length === 0) return;
    await this.staging.stage('staged_observations', observations.map(stagedObservation));
    await this.staging.stage('staged_activity', observations.flatMap((o) => (o.status === 'ok' ? stagedActivity(o.domain, o.activity ?? []) : [])));
    const at = crawledAt.toISOString();
    for (const table of ['attempts', 'snapshots']) {
      await this.db.run(`DELETE FROM ${table} WHERE day = ?::DATE AND domain IN (SELECT domain FROM staged_observations)`, [day]);
    }
    await this.db.run(
      `INSERT INTO attempts (day, domain, status, reason, requests, crawled_at, run_id, source)
       SELECT $1::DATE, domain, status, reason, requests, $2::TIMESTAMP, $3, $4 FROM staged_observations`,
      [day, at, runId, this.source],
    );
    await this.db.run(
      `INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear,
                              local_posts, open_registrations, quality, sources, crawled_at, source)
       SELECT $1::DATE, domain, coalesce(software, 'unknown'), version, users_total, users_active_month,
              users_active_halfyear, local_posts, open_registrations, quality, sources, $2::TIMESTAMP, $3
       FROM staged_observations WHERE ok`,
      [day, at, this.source],
    );
    // For a domain and week the latest observation of the same source wins (one row per domain and week is
    // staged); a window another source holds is kept, never overwritten by this one. Mastodon answers the
    // current week and the 11 before it (docs/protocol-notes.md); in the census's own crawl a window outside the
    // 13 weeks before the day (or after its next week) comes from a server whose clock is wrong, and is not
    // stored: the weeks a night can touch stay recent, which publishing relies on (api/metrics/weekly-carried.ts,
    // SETTLE_WEEKS). An import writes history as its source recorded it.
    await this.db.run(
      `INSERT INTO weekly_activity (domain, week, window_start, statuses, logins, registrations, quality, observed_on, source)
       SELECT domain, week::DATE, window_start::TIMESTAMP, statuses, logins, registrations, quality, $1::DATE, $2 FROM staged_activity
       WHERE $2 <> '${FEDICENSUS.id}' OR week::DATE BETWEEN date_trunc('week', $1::DATE) - INTERVAL ${ACTIVITY_WEEKS_BACK * 7} DAY
                                                        AND date_trunc('week', $1::DATE) + INTERVAL 7 DAY
       ON CONFLICT (domain, week) DO UPDATE SET
         window_start = excluded.window_start, statuses = excluded.statuses, logins = excluded.logins,
         registrations = excluded.registrations, quality = excluded.quality, observed_on = excluded.observed_on
       WHERE excluded.observed_on >= weekly_activity.observed_on AND excluded.source = weekly_activity.source`,
      [day, this.source],
    );
    await this.updateServers(day, at);
    await scheduleNextAttempts(this.db, day);
  }

  /**
   * Keeps the server records in step with the staged observations, in one set-based UPDATE. An attempt for
   * an older day (a backfill) never overrides a newer one.
   */
  private async updateServers(day: string, crawledAt: string): Promise<void> {
    await this.db.run(
      `UPDATE servers SET
         first_seen = least(first_seen, $1::DATE),
         first_seen_ok = CASE WHEN b.ok THEN least(coalesce(first_seen_ok, $1::DATE), $1::DATE) ELSE first_seen_ok END,
         last_seen_ok = CASE WHEN b.ok THEN greatest(coalesce(last_seen_ok, $1::DATE), $1::DATE) ELSE last_seen_ok END,
         status = CASE WHEN last_attempt IS NULL OR last_attempt <= $1::DATE THEN b.status ELSE servers.status END,
         status_reason = CASE WHEN last_attempt IS NULL OR last_attempt <= $1::DATE THEN b.reason ELSE status_reason END,
         consecutive_failures = CASE WHEN last_attempt IS NULL OR last_attempt <= $1::DATE
           THEN (CASE WHEN b.ok THEN 0 WHEN last_attempt = $1::DATE THEN consecutive_failures ELSE consecutive_failures + 1 END)
           ELSE consecutive_failures END,
         software = CASE WHEN b.ok AND (last_seen_ok IS NULL OR last_seen_ok <= $1::DATE) THEN b.software ELSE servers.software END,
         version = CASE WHEN b.ok AND (last_seen_ok IS NULL OR last_seen_ok <= $1::DATE) THEN b.version ELSE servers.version END,
         -- The earliest creation time any crawl read, with where it was read; never one after the crawl itself.
         created_at = CASE WHEN ${EARLIER_CREATED_AT} THEN b.created_at::TIMESTAMP ELSE servers.created_at END,
         created_at_source = CASE WHEN ${EARLIER_CREATED_AT} THEN b.created_at_source ELSE servers.created_at_source END,
         last_attempt = greatest(coalesce(last_attempt, $1::DATE), $1::DATE),
         peers_fetched_on = CASE WHEN b.peers_fetched THEN greatest(coalesce(peers_fetched_on, $1::DATE), $1::DATE) ELSE peers_fetched_on END
       FROM staged_observations AS b
       WHERE servers.domain = b.domain`,
      [day, crawledAt],
    );
  }

  /** What a crawl of `day` attempts from the names it knows (./server-life.ts). */
  schedule(day: string): Promise<CrawlSchedule> {
    return readSchedule(this.db, day);
  }

  async transaction(work: () => Promise<void>): Promise<void> {
    await this.db.run('BEGIN TRANSACTION');
    try {
      await work();
      await this.db.run('COMMIT');
    } catch (err) {
      // A failed COMMIT (a full disk, say) has already ended the transaction; the ROLLBACK's own error
      // ("cannot rollback - no transaction is active") would hide the one that matters.
      await this.db.run('ROLLBACK').catch(() => undefined);
      throw err;
    }
  }
}

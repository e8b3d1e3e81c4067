// A batch of crawl results enters the census through connection-private staging tables: rows go in
// through DuckDB's appender (no SQL text, no parameters), then a few set-based statements move them into
// the census tables. Statements with one placeholder per value cost more than the crawl itself: a batch of
// 200 observations written as VALUES lists took 200-500 ms (bench/crawl, docs/benchmarks.md), most of it
// DuckDB parsing and binding thousands of parameters, and a statement per server's activity windows.
import type { DuckDBAppender, DuckDBConnection, DuckDBValue } from '@duckdb/node-api';
import type { ActivityWindow, CheckedCount, ServerObservation } from '../observation.ts';
import { isoWeekOf } from '../parse/mastodon.ts';
import { qualityFlags } from '../quality.ts';

/** Staging table name -> its columns, in append order. TEMP: per connection, never on disk, gone on close. */
const STAGING_TABLES = {
  staged_servers: ['domain VARCHAR', 'listed_by VARCHAR'],
  staged_observations: [
    'domain VARCHAR',
    'status VARCHAR',
    'reason VARCHAR',
    'requests INTEGER',
    'ok BOOLEAN',
    'software VARCHAR',
    'version VARCHAR',
    'users_total BIGINT',
    'users_active_month BIGINT',
    'users_active_halfyear BIGINT',
    'local_posts BIGINT',
    'open_registrations BOOLEAN',
    'quality VARCHAR',
    'sources VARCHAR',
    'created_at VARCHAR',
    'created_at_source VARCHAR',
    'retry_days INTEGER',
    'moved_to VARCHAR',
    'peers_fetched BOOLEAN',
  ],
  staged_activity: [
    'domain VARCHAR',
    'week VARCHAR',
    'window_start VARCHAR',
    'statuses BIGINT',
    'logins BIGINT',
    'registrations BIGINT',
    'quality VARCHAR',
  ],
} as const;

export type StagingTable = keyof typeof STAGING_TABLES;

export class Staging {
  constructor(private readonly db: DuckDBConnection) {}

  /**
   * Appends rows (values in the table's column order) to a staging table, emptied first. Runs inside the
   * caller's transaction, so a rollback takes the staged rows with it.
   */
  async stage(table: StagingTable, rows: Iterable<readonly DuckDBValue[]>): Promise<void> {
    // Created here rather than once: a CREATE inside a transaction that rolls back is undone with it.
    await this.db.run(`CREATE TEMP TABLE IF NOT EXISTS ${table} (${STAGING_TABLES[table].join(', ')})`);
    await this.db.run(`DELETE FROM ${table}`);
    const appender = await this.db.createAppender(table, 'main', 'temp');
    try {
      for (const row of rows) {
        for (const value of row) append(appender, value);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
  }
}

function append(appender: DuckDBAppender, value: DuckDBValue): void {
  if (value === null || value === undefined) appender.appendNull();
  else if (typeof value === 'string') appender.appendVarchar(value);
  else if (typeof value === 'boolean') appender.appendBoolean(value);
  else appender.appendValue(value);
}

/** A row of staged_observations, in its column order. */
export function stagedObservation(o: ServerObservation): DuckDBValue[] {
  const ok = o.status === 'ok';
  return [
    o.domain,
    o.status,
    o.reason ?? null,
    o.requests,
    ok,
    o.software ?? null,
    o.version ?? null,
    value(o.usersTotal),
    value(o.usersActiveMonth),
    value(o.usersActiveHalfyear),
    value(o.localPosts),
    o.openRegistrations ?? null,
    ok
      ? qualityFlags({
          users_total: o.usersTotal,
          users_active_month: o.usersActiveMonth,
          users_active_halfyear: o.usersActiveHalfyear,
          local_posts: o.localPosts,
        })
      : null,
    (o.sources ?? []).join(','),
    o.createdAt && o.createdAtSource ? o.createdAt.toISOString() : null,
    o.createdAt && o.createdAtSource ? o.createdAtSource : null,
    o.retryAfterDays ?? null,
    o.movedTo ?? null,
    o.peersFetched ?? false,
  ];
}

/** Rows of staged_activity: one per ISO week; several windows can fall in one week when a server's windows
 * shift, and then the latest window start wins. */
export function stagedActivity(domain: string, windows: readonly ActivityWindow[]): DuckDBValue[][] {
  const byWeek = new Map<string, ActivityWindow>();
  for (const w of windows) {
    const week = isoWeekOf(w.windowStart);
    const held = byWeek.get(week);
    if (!held || held.windowStart < w.windowStart) byWeek.set(week, w);
  }
  return [...byWeek].map(([week, w]) => [
    domain,
    week,
    w.windowStart.toISOString(),
    value(w.statuses),
    value(w.logins),
    value(w.registrations),
    qualityFlags({ statuses: w.statuses, logins: w.logins, registrations: w.registrations }),
  ]);
}

function value(count: CheckedCount | undefined): number | null {
  return count?.value ?? null;
}

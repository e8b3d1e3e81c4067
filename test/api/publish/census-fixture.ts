// A small census built with the crawler's own opener (so the schema is the real one), with rows inserted by
// SQL so every expected figure is known by construction. Includes an opted-out server's tombstone and stray
// rows of it, which must never be exported.
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { openCensusForWriting } from '../../../crawler/store/db.ts';

export const EXPECTED_ROWS = { servers: 3, snapshots: 3, attempts: 2, weekly_activity: 2 } as const;
export const DATA_AS_OF = '2026-11-25';
/** A version string with a comma and quotes, to check CSV quoting. */
export const ODD_VERSION = '0.19.3, "beta"';

const ROWS = `
  INSERT INTO servers (domain, first_seen, listed_by, first_seen_ok, last_seen_ok, last_attempt, status, status_reason,
    software, version, created_at, consecutive_failures) VALUES
    ('alpha.social', '2026-11-20', NULL, '2026-11-20', '2026-11-25', '2026-11-25', 'ok', NULL, 'mastodon', '4.3.0',
     '2022-11-05 10:11:12', 0),
    ('beta.town', '2026-11-21', 'alpha.social', '2026-11-24', '2026-11-24', '2026-11-25', 'timeout',
     'no answer in 20 s', 'lemmy', '${ODD_VERSION.replaceAll("'", "''")}', NULL, 1),
    ('gamma.zone', '2026-11-25', 'beta.town', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, 0),
    ('optout.site', '2026-11-01', NULL, NULL, NULL, NULL, 'excluded', 'operator exclude list', NULL, NULL, NULL, 0);
  INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear, local_posts, open_registrations, quality, sources, crawled_at) VALUES
    ('2026-11-24', 'alpha.social', 'mastodon', '4.3.0', 1000, 200, 500, 12345, true, NULL,
     'nodeinfo-2.0,mastodon-v2-instance', '2026-11-24 03:01:02'),
    ('2026-11-25', 'alpha.social', 'mastodon', '4.3.0', 1010, NULL, 505, NULL, false,
     'users_active_month:negative;local_posts:too_large', 'nodeinfo-2.1', '2026-11-25 03:00:00'),
    ('2026-11-24', 'beta.town', 'lemmy', '${ODD_VERSION.replaceAll("'", "''")}', 50, 10, 20, 300, NULL, NULL,
     'nodeinfo-2.0,lemmy-site', '2026-11-24 03:05:00'),
    ('2026-11-26', 'optout.site', 'mastodon', '4.2.0', 7, 7, 7, 7, true, NULL, 'nodeinfo-2.0', '2026-11-26 03:00:00');
  INSERT INTO attempts (day, domain, status, reason, requests, crawled_at, run_id) VALUES
    ('2026-11-24', 'alpha.social', 'ok', NULL, 4, '2026-11-24 03:01:02', 1),
    ('2026-11-25', 'beta.town', 'timeout', 'no answer in 20 s', 2, '2026-11-25 03:05:00', 2),
    ('2026-11-26', 'optout.site', 'ok', NULL, 3, '2026-11-26 03:00:00', 3);
  INSERT INTO weekly_activity (domain, week, window_start, statuses, logins, registrations, quality, observed_on) VALUES
    ('alpha.social', '2026-11-16', '2026-11-16 00:00:00', 700, 150, 12, NULL, '2026-11-25'),
    ('alpha.social', '2026-11-23', '2026-11-23 00:00:00', 90, 80, NULL, 'registrations:not_a_number', '2026-11-25'),
    ('optout.site', '2026-11-23', '2026-11-23 00:00:00', 1, 1, 1, NULL, '2026-11-26');
`;

export async function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `fedicensus-${prefix}-`));
}

/** Creates the census at `dbPath` (schema through the crawler's migrations), fills it and closes it. */
export async function buildCensus(dbPath: string, extraSql = ''): Promise<void> {
  const db = await openCensusForWriting(dbPath);
  try {
    await db.connection.run(ROWS);
    if (extraSql) await db.connection.run(extraSql);
  } finally {
    db.close();
  }
}

/** Opens an existing census read-write, runs `sql`, closes it (as a later crawl would). */
export async function writeToCensus(dbPath: string, sql: string): Promise<void> {
  const db = await openCensusForWriting(dbPath);
  try {
    await db.connection.run(sql);
  } finally {
    db.close();
  }
}

/** Runs a query in a throwaway in-memory DuckDB (to read exported files back) and returns row objects. */
export async function query(sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(sql);
    return reader.getRowObjectsJS() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

export function sqlPath(file: string): string {
  return `'${file.replaceAll("'", "''")}'`;
}

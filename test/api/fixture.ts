// A small census whose figures are known by construction, written with the real schema (the crawler's
// openCensusForWriting) and plain SQL. Three weekly crawls: D1 2024-01-03, D2 2024-01-10, D3 2024-01-17
// (Wednesdays; their weeks are the Mondays W1 2024-01-01, W2 2024-01-08, W3 2024-01-15).
//
// masto.example.org   mastodon  windows: 2023-12-25 reg 5 (before the first crawl), W1 7, W2 9, W3 NULL;
//                               users 100 / 120 / 150 (growth never used: it has windows); created 2023-12-20
// misskey.example.net misskey   users 50 / NULL / 80 -> W3 +30 (D2 is no observation); first ok D1, no created_at
// lemmy.example.com   lemmy     users 200 / 190 / 210 -> W2 +0 (a fall adds nothing), W3 +20; created 2022-06-15
// pleroma.example.social        D1 unreachable; pleroma D2 users 10, akkoma D3 users 15 -> W3 +5; first ok D2
// gone.example.org              D1, D2 disallowed, D3 timeout: never ok, never joins
// excluded.example.org          tombstone (status excluded)
// late.example.org    gotosocial first seen D3, users 40 (first observation: nothing); first ok D3
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { openReadOnlyDb, type Db, type ReadOnlyDb } from '../../api/db.ts';
import { openCensusForWriting } from '../../crawler/store/db.ts';

export const D1 = '2024-01-03';
export const D2 = '2024-01-10';
export const D3 = '2024-01-17';

const SQL = `
INSERT INTO servers (domain, first_seen, first_seen_ok, last_seen_ok, last_attempt, status, software, version, created_at) VALUES
  ('masto.example.org',      DATE '${D1}', DATE '${D1}', DATE '${D3}', DATE '${D3}', 'ok', 'mastodon', '4.2.1', TIMESTAMP '2023-12-20 10:00:00'),
  ('misskey.example.net',    DATE '${D1}', DATE '${D1}', DATE '${D3}', DATE '${D3}', 'ok', 'misskey', '2024.1', NULL),
  ('lemmy.example.com',      DATE '${D1}', DATE '${D1}', DATE '${D3}', DATE '${D3}', 'ok', 'lemmy', '0.19', TIMESTAMP '2022-06-15 00:00:00'),
  ('pleroma.example.social', DATE '${D1}', DATE '${D2}', DATE '${D3}', DATE '${D3}', 'ok', 'akkoma', '3.10', NULL),
  ('gone.example.org',       DATE '${D1}', NULL, NULL, DATE '${D3}', 'timeout', NULL, NULL, NULL),
  ('excluded.example.org',   DATE '${D1}', NULL, NULL, NULL, 'excluded', NULL, NULL, NULL),
  ('late.example.org',       DATE '${D3}', DATE '${D3}', DATE '${D3}', DATE '${D3}', 'ok', 'gotosocial', '0.15', NULL);

INSERT INTO attempts (day, domain, status, requests, crawled_at, run_id) VALUES
  (DATE '${D1}', 'masto.example.org', 'ok', 5, TIMESTAMP '${D1} 03:00:00', 1),
  (DATE '${D1}', 'misskey.example.net', 'ok', 4, TIMESTAMP '${D1} 03:00:00', 1),
  (DATE '${D1}', 'lemmy.example.com', 'ok', 4, TIMESTAMP '${D1} 03:00:00', 1),
  (DATE '${D1}', 'pleroma.example.social', 'unreachable', 1, TIMESTAMP '${D1} 03:00:00', 1),
  (DATE '${D1}', 'gone.example.org', 'disallowed', 1, TIMESTAMP '${D1} 03:00:00', 1),
  (DATE '${D2}', 'masto.example.org', 'ok', 5, TIMESTAMP '${D2} 03:00:00', 2),
  (DATE '${D2}', 'misskey.example.net', 'ok', 4, TIMESTAMP '${D2} 03:00:00', 2),
  (DATE '${D2}', 'lemmy.example.com', 'ok', 4, TIMESTAMP '${D2} 03:00:00', 2),
  (DATE '${D2}', 'pleroma.example.social', 'ok', 3, TIMESTAMP '${D2} 03:00:00', 2),
  (DATE '${D2}', 'gone.example.org', 'disallowed', 1, TIMESTAMP '${D2} 03:00:00', 2),
  (DATE '${D3}', 'masto.example.org', 'ok', 5, TIMESTAMP '${D3} 03:00:00', 3),
  (DATE '${D3}', 'misskey.example.net', 'ok', 4, TIMESTAMP '${D3} 03:00:00', 3),
  (DATE '${D3}', 'lemmy.example.com', 'ok', 4, TIMESTAMP '${D3} 03:00:00', 3),
  (DATE '${D3}', 'pleroma.example.social', 'ok', 3, TIMESTAMP '${D3} 03:00:00', 3),
  (DATE '${D3}', 'gone.example.org', 'timeout', 1, TIMESTAMP '${D3} 03:00:00', 3),
  (DATE '${D3}', 'late.example.org', 'ok', 3, TIMESTAMP '${D3} 03:00:00', 3);

INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear, local_posts, open_registrations, quality, sources, crawled_at) VALUES
  (DATE '${D1}', 'masto.example.org', 'mastodon', '4.2.1', 100, 30, 60, 4000, true, NULL, 'nodeinfo-2.0', TIMESTAMP '${D1} 03:00:00'),
  (DATE '${D2}', 'masto.example.org', 'mastodon', '4.2.1', 120, 35, 70, 4500, true, NULL, 'nodeinfo-2.0', TIMESTAMP '${D2} 03:00:00'),
  (DATE '${D3}', 'masto.example.org', 'mastodon', '4.2.1', 150, 40, 80, 5000, true, NULL, 'nodeinfo-2.0', TIMESTAMP '${D3} 03:00:00'),
  (DATE '${D1}', 'misskey.example.net', 'misskey', '2024.1', 50, 10, NULL, 1000, false, NULL, 'nodeinfo-2.1', TIMESTAMP '${D1} 03:00:00'),
  (DATE '${D2}', 'misskey.example.net', 'misskey', '2024.1', NULL, 12, NULL, 1100, false, 'users_total:negative', 'nodeinfo-2.1', TIMESTAMP '${D2} 03:00:00'),
  (DATE '${D3}', 'misskey.example.net', 'misskey', '2024.1', 80, NULL, NULL, 1200, false, 'users_active_month:too_large', 'nodeinfo-2.1', TIMESTAMP '${D3} 03:00:00'),
  (DATE '${D1}', 'lemmy.example.com', 'lemmy', '0.19', 200, 20, NULL, 700, true, NULL, 'nodeinfo-2.0', TIMESTAMP '${D1} 03:00:00'),
  (DATE '${D2}', 'lemmy.example.com', 'lemmy', '0.19', 190, 21, NULL, 800, true, NULL, 'nodeinfo-2.0', TIMESTAMP '${D2} 03:00:00'),
  (DATE '${D3}', 'lemmy.example.com', 'lemmy', '0.19', 210, 22, NULL, NULL, true, 'local_posts:not_a_number', 'nodeinfo-2.0', TIMESTAMP '${D3} 03:00:00'),
  (DATE '${D2}', 'pleroma.example.social', 'pleroma', '2.6', 10, 2, NULL, 250, NULL, NULL, 'nodeinfo-2.0', TIMESTAMP '${D2} 03:00:00'),
  (DATE '${D3}', 'pleroma.example.social', 'akkoma', '3.10', 15, 3, NULL, 300, NULL, NULL, 'nodeinfo-2.0', TIMESTAMP '${D3} 03:00:00'),
  (DATE '${D3}', 'late.example.org', 'gotosocial', '0.15', 40, 4, NULL, 100, true, NULL, 'nodeinfo-2.0', TIMESTAMP '${D3} 03:00:00');

INSERT INTO weekly_activity (domain, week, window_start, statuses, logins, registrations, quality, observed_on) VALUES
  ('masto.example.org', DATE '2023-12-25', TIMESTAMP '2023-12-22 00:00:00', 300, 40, 5, NULL, DATE '${D1}'),
  ('masto.example.org', DATE '2024-01-01', TIMESTAMP '2023-12-29 00:00:00', 310, 41, 7, NULL, DATE '${D2}'),
  ('masto.example.org', DATE '2024-01-08', TIMESTAMP '2024-01-05 00:00:00', 320, 42, 9, NULL, DATE '${D3}'),
  ('masto.example.org', DATE '2024-01-15', TIMESTAMP '2024-01-12 00:00:00', 330, 43, NULL, 'registrations:negative', DATE '${D3}');
`;

export interface TempCensus {
  readonly dir: string;
  readonly path: string;
  cleanup(): Promise<void>;
}

/** Writes the census above (plus `extraSql`) into a fresh temp directory and closes it (checkpointed, ready to read). */
export async function buildCensus(extraSql = ''): Promise<TempCensus> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fedicensus-api-'));
  const file = path.join(dir, 'census.duckdb');
  await writeCensus(file, extraSql);
  return { dir, path: file, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** The census above, opened read-only before a test file's tests and removed after them. Call at top level. */
export function fixtureDbForFile(connections = 1): Db {
  let census: TempCensus | undefined;
  let db: ReadOnlyDb | undefined;
  beforeAll(async () => {
    census = await buildCensus();
    db = await openReadOnlyDb(census.path, connections);
  });
  afterAll(async () => {
    db?.close();
    await census?.cleanup();
  });
  return { all: (sql, params) => db!.all(sql, params) };
}

export async function writeCensus(file: string, extraSql = ''): Promise<void> {
  const db = await openCensusForWriting(file);
  try {
    await db.connection.run(SQL + extraSql);
    await db.connection.run('CHECKPOINT');
  } finally {
    db.close();
  }
}

/**
 * The weeks 2023-12-18 .. 2024-01-15 as the weekly series must give them (from=2023-12-20, to=D3). masto's
 * W3 window reports no registrations, so in W3 it counts from its growth (+30), beside misskey +30, lemmy +20
 * and pleroma +5; W2's only measured step is lemmy's fall (0). Only masto and lemmy expose a creation time.
 */
export const EXPECTED_WEEKS = [
  { week: '2023-12-18', users_joined: null, users_registered: null, users_growth: null, servers_joined: 1, servers_created: 1, servers_first_reached: null },
  { week: '2023-12-25', users_joined: 5, users_registered: 5, users_growth: null, servers_joined: 0, servers_created: 0, servers_first_reached: null },
  { week: '2024-01-01', users_joined: 7, users_registered: 7, users_growth: null, servers_joined: 0, servers_created: 0, servers_first_reached: 3 },
  { week: '2024-01-08', users_joined: 9, users_registered: 9, users_growth: 0, servers_joined: 0, servers_created: 0, servers_first_reached: 1 },
  { week: '2024-01-15', users_joined: 85, users_registered: null, users_growth: 85, servers_joined: 0, servers_created: 0, servers_first_reached: 1 },
] as const;

// The census schema, as numbered migrations. A database records the highest version applied in
// `schema_version`; opening it read-write applies the missing ones in order. Each statement runs in its own
// transaction (DuckDB refuses two ALTERs of one populated table in one transaction) and is written to be
// safe to run again (IF NOT EXISTS), so a migration interrupted half-way completes on the next open.
// Readers (api/) never migrate: they refuse a database newer or older than they understand.
import { FEDICENSUS } from './sources.ts';

const sqlText = (text: string) => `'${text.replaceAll("'", "''")}'`;

export interface Migration {
  readonly version: number;
  readonly why: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    why: 'the census: known servers, one attempt and one snapshot per server per day, weekly activity, runs',
    statements: [`
      -- Every name the census knows. A tombstone (status 'excluded', history removed) keeps an opted-out
      -- server from being rediscovered.
      CREATE TABLE servers (
        domain VARCHAR PRIMARY KEY,
        first_seen DATE NOT NULL,          -- day the name became known (seed or peer list)
        listed_by VARCHAR,                 -- the server whose peer list named it first; NULL for seeds
        first_seen_ok DATE,                -- first day with a snapshot
        last_seen_ok DATE,
        last_attempt DATE,
        status VARCHAR,                    -- outcome of the latest attempt; NULL before the first
        status_reason VARCHAR,
        software VARCHAR,
        version VARCHAR,
        created_at TIMESTAMP,              -- UTC; the earliest creation time read (version 7: created_at_source)
        consecutive_failures INTEGER NOT NULL DEFAULT 0
      );
      -- One row per server attempted per day, whatever the outcome: coverage is computed from it.
      CREATE TABLE attempts (
        day DATE NOT NULL,
        domain VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        reason VARCHAR,
        requests INTEGER NOT NULL,
        crawled_at TIMESTAMP NOT NULL,
        run_id INTEGER NOT NULL,
        PRIMARY KEY (day, domain)
      );
      -- One row per server per day it was observed ok. Counts failing the plausibility rules are NULL and
      -- named in quality ("users_total:negative;local_posts:too_large").
      CREATE TABLE snapshots (
        day DATE NOT NULL,
        domain VARCHAR NOT NULL,
        software VARCHAR NOT NULL,
        version VARCHAR,
        users_total BIGINT,
        users_active_month BIGINT,
        users_active_halfyear BIGINT,
        local_posts BIGINT,
        open_registrations BOOLEAN,
        quality VARCHAR,
        sources VARCHAR NOT NULL,
        crawled_at TIMESTAMP NOT NULL,
        PRIMARY KEY (day, domain)
      );
      -- Mastodon /api/v1/instance/activity windows. week = Monday (UTC) of the ISO week holding
      -- window_start + 3 days; per domain and week the latest observation wins.
      CREATE TABLE weekly_activity (
        domain VARCHAR NOT NULL,
        week DATE NOT NULL,
        window_start TIMESTAMP NOT NULL,
        statuses BIGINT,
        logins BIGINT,
        registrations BIGINT,
        quality VARCHAR,
        observed_on DATE NOT NULL,
        PRIMARY KEY (domain, week)
      );
      CREATE TABLE crawl_runs (
        run_id INTEGER PRIMARY KEY,
        day DATE NOT NULL,
        started_at TIMESTAMP NOT NULL,
        ended_at TIMESTAMP,
        known INTEGER,
        attempted INTEGER,
        ok INTEGER,
        new_servers INTEGER,
        outcomes VARCHAR,                  -- JSON object: status -> count
        options VARCHAR                    -- JSON: the run's settings, for the record
      );
    `],
  },
  {
    version: 2,
    why: 'the life of a server: backoff for dead hosts, gone after 90 days, moved servers',
    statements: [
      // Not attempted before this day: 2^k days after k consecutive failures (at most 30), a week after a
      // robots.txt refusal, a 410 or a permanent move. NULL: attempt at every crawl.
      `ALTER TABLE servers ADD COLUMN IF NOT EXISTS next_attempt DATE`,
      // 90 days without success: only tried again when a peer list names it again (and its backoff allows).
      `ALTER TABLE servers ADD COLUMN IF NOT EXISTS gone BOOLEAN DEFAULT false`,
      // Where a server permanently redirects its NodeInfo discovery to (status 'moved').
      `ALTER TABLE servers ADD COLUMN IF NOT EXISTS moved_to VARCHAR`,
    ],
  },
  {
    version: 3,
    why: 'peer lists are refreshed weekly per server, staggered over the week',
    statements: [
      // The last day this server's peer list was asked for (crawler/peer-refresh.ts). NULL: never.
      `ALTER TABLE servers ADD COLUMN IF NOT EXISTS peers_fetched_on DATE`,
    ],
  },
  {
    version: 4,
    why: 'observations from other sources than the census\'s own crawl, with their provenance; reference series',
    statements: [
      // Where observations come from (core/sources.ts is the registry that fills it). 'fedicensus'
      // is the census's own crawl.
      `CREATE TABLE IF NOT EXISTS sources (
         id VARCHAR PRIMARY KEY,
         name VARCHAR NOT NULL,
         url VARCHAR,
         licence VARCHAR,                  -- as the source states it; 'none stated' when it states none
         collected VARCHAR,                -- how the source collected what it holds
         coverage VARCHAR                  -- what the source covers, and what it does not
       )`,
      `INSERT INTO sources VALUES (${[FEDICENSUS.id, FEDICENSUS.name, FEDICENSUS.url, FEDICENSUS.licence, FEDICENSUS.collected, FEDICENSUS.coverage]
        .map(sqlText).join(', ')}) ON CONFLICT DO NOTHING`,
      // Every observation row names its source; rows written before this migration are the census's own.
      `ALTER TABLE snapshots ADD COLUMN IF NOT EXISTS source VARCHAR DEFAULT 'fedicensus'`,
      `ALTER TABLE attempts ADD COLUMN IF NOT EXISTS source VARCHAR DEFAULT 'fedicensus'`,
      `ALTER TABLE weekly_activity ADD COLUMN IF NOT EXISTS source VARCHAR DEFAULT 'fedicensus'`,
      `ALTER TABLE crawl_runs ADD COLUMN IF NOT EXISTS source VARCHAR DEFAULT 'fedicensus'`,
      // Series other publishers computed over the network (Mastodon's official statistics): shown beside
      // the census's figures, never summed into them.
      `CREATE TABLE IF NOT EXISTS reference_series (
         source VARCHAR NOT NULL,
         day DATE NOT NULL,
         metric VARCHAR NOT NULL,          -- the publisher's own name for the figure (user_count, ...)
         value BIGINT,
         PRIMARY KEY (source, day, metric)
       )`,
      // Each file imported (fedicensus import): what it was, so importing it again changes nothing.
      `CREATE TABLE IF NOT EXISTS imports (
         sha256 VARCHAR PRIMARY KEY,
         source VARCHAR NOT NULL,
         format VARCHAR NOT NULL,
         file_name VARCHAR NOT NULL,
         first_day DATE,
         last_day DATE,
         records INTEGER NOT NULL,
         imported_at TIMESTAMP NOT NULL
       )`,
    ],
  },
  {
    version: 7,
    why: 'creation times from every software that exposes one, and which field each was read from',
    statements: [
      // crawler/observation.ts CreatedAtSource: mastodon_contact_account, lemmy_site_published,
      // misskey_first_local_user, peertube_root_account. NULL where created_at is NULL; a created_at stored
      // before this version came from a Mastodon contact account or a Lemmy site: named here by software.
      `ALTER TABLE servers ADD COLUMN IF NOT EXISTS created_at_source VARCHAR`,
      `UPDATE servers SET created_at_source = CASE WHEN software = 'lemmy' THEN 'lemmy_site_published' ELSE 'mastodon_contact_account' END
       WHERE created_at IS NOT NULL AND created_at_source IS NULL`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/**
 * The oldest census a reader (api/, web/) can read: versions 2, 3 and 7 only added columns readers do without (a server record reads created_at_source as null where it is missing). After an
 * upgrade the last published snapshot is still the old version until the next crawl publishes; the API must
 * keep serving it meanwhile.
 */
export const OLDEST_READABLE_SCHEMA_VERSION = 1;

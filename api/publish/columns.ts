// The published tables, column by column: one list drives the export queries, datapackage.json and
// DATA-DICTIONARY.md, so a column cannot be exported without a description or described without being exported.
// Source columns: core/schema.ts (migration 1).

/** Frictionless Table Schema field types used here (https://specs.frictionlessdata.io/table-schema/#types-and-formats). */
export type FieldType = 'string' | 'integer' | 'boolean' | 'date' | 'datetime';

export interface PublishedColumn {
  readonly name: string;
  readonly type: FieldType;
  readonly description: string;
  /** Frictionless `constraints.required`: the census column is NOT NULL. */
  readonly required?: boolean;
}

/**
 * How a growing table is split into files (api/publish/partitions.ts): by the month of `by`, hive-style
 * (`<table>/month=YYYY-MM/...`). `stamp` is the column that moves whenever a row is written again (a re-crawl,
 * a newer observation), so a month whose row count and stamps are unchanged is unchanged. `dailyParts`: in a
 * month still being crawled, one file per day, so a night adds a day's file instead of rewriting the month.
 */
export interface Partitioning {
  readonly by: string;
  readonly stamp: string;
  readonly dailyParts: boolean;
}

export interface PublishedTable {
  readonly name: 'servers' | 'snapshots' | 'attempts' | 'weekly_activity';
  readonly title: string;
  readonly description: string;
  readonly primaryKey: readonly string[];
  /** Rows of this table, before column selection; `t` is the table alias. Leaves out excluded servers. */
  readonly from: string;
  readonly orderBy: readonly string[];
  readonly columns: readonly PublishedColumn[];
  /** Growing tables only: written as monthly partitions, rows sorted by domain then `by` within a file. */
  readonly partitioning?: Partitioning;
}

// Opted-out servers keep a tombstone (status 'excluded') so they are not rediscovered; the tombstone itself
// is not data and must not be published, nor anything left over about that server. Rows are also limited to
// published servers so the data package's foreign keys (domain -> servers.domain) hold.
const NOT_EXCLUDED = `t.domain IN (SELECT domain FROM servers WHERE status IS DISTINCT FROM 'excluded')`;

const DOMAIN: PublishedColumn = {
  name: 'domain',
  type: 'string',
  required: true,
  description: 'Server name: lower-case, IDNA (punycode) encoded, no port, no trailing dot.',
};

/**
 * Why crawled_at may fall after `day` (crawler/crawl.ts: `day` is fixed when the run starts, each batch is stamped
 * with the clock when it is written): said once, in the column's description, so both the data package and the
 * dictionary carry it.
 */
export const CRAWLED_AT_RULE =
  'When this server\'s observation was written, UTC, to the second. It can fall after `day`: `day` is the census day ' +
  'the crawl records (the UTC date it started, or the day given to `fedicensus crawl --day`), and a crawl that runs ' +
  'past midnight UTC, or that records or resumes an earlier day, stamps each row with the time it was written. ' +
  'Group and compare by `day`, not by crawled_at.';

const DAY: PublishedColumn = { name: 'day', type: 'date', required: true, description: 'Day (UTC) of the crawl.' };
const CRAWLED_AT: PublishedColumn = { name: 'crawled_at', type: 'datetime', required: true, description: CRAWLED_AT_RULE };

/** Every observation row names its source (core/sources.ts); one definition for every table that has one. */
const SOURCE: PublishedColumn = {
  name: 'source',
  type: 'string',
  required: true,
  description:
    "Where the row comes from: fedicensus (the census's own crawl) or the id of an imported source (docs/import.md); " +
    'a figure never sums two sources without saying so.',
};

const COUNT_RULE =
  'NULL when the server did not say, or when the value failed the plausibility rules (then named in quality).';

export const PUBLISHED_TABLES: readonly PublishedTable[] = [
  {
    name: 'servers',
    title: 'Known servers',
    description:
      'Every server name the census knows, with the outcome of its latest crawl attempt. Servers that asked to be left out are not listed.',
    primaryKey: ['domain'],
    from: `servers AS t WHERE t.status IS DISTINCT FROM 'excluded'`,
    orderBy: ['domain'],
    columns: [
      DOMAIN,
      { name: 'first_seen', type: 'date', required: true, description: 'Day (UTC) the name became known, from a seed list or a peer list.' },
      { name: 'listed_by', type: 'string', description: 'The server whose peer list named it first; empty for seeds.' },
      { name: 'first_seen_ok', type: 'date', description: 'First day (UTC) a NodeInfo document was read from it.' },
      { name: 'last_seen_ok', type: 'date', description: 'Latest day (UTC) a NodeInfo document was read from it.' },
      { name: 'last_attempt', type: 'date', description: 'Latest day (UTC) it was contacted.' },
      {
        name: 'status',
        type: 'string',
        description:
          'Outcome of the latest attempt: ok, unreachable, timeout, disallowed (robots.txt), no_nodeinfo, invalid_response, moved; empty before the first attempt.',
      },
      { name: 'status_reason', type: 'string', description: 'Why, for every status but ok (e.g. "HTTP 404 on /.well-known/nodeinfo").' },
      { name: 'software', type: 'string', description: 'NodeInfo software.name at the latest successful crawl, lower-case.' },
      { name: 'version', type: 'string', description: 'NodeInfo software.version at the latest successful crawl, as the server sent it.' },
      {
        name: 'created_at',
        type: 'datetime',
        description:
          'The earliest time by which the server existed, as its software exposes it (docs/methodology.md, Creation times): a lower bound on its age, not its install; UTC. Empty where its software exposes none.',
      },
      {
        name: 'created_at_source',
        type: 'string',
        description:
          'Where created_at was read: mastodon_contact_account, lemmy_site_published, misskey_first_local_user or peertube_root_account; empty when created_at is.',
      },
      { name: 'consecutive_failures', type: 'integer', required: true, description: 'Failed attempts since the latest successful one.' },
      { name: 'gone', type: 'boolean', description: 'True after 90 days without a successful crawl: attempted again only when a peer list names it.' },
      { name: 'moved_to', type: 'string', description: 'For status moved: the name its NodeInfo discovery permanently redirects to.' },
      {
        name: 'peers_fetched_on',
        type: 'date',
        description: 'Latest day (UTC) its peer list was asked for: on its first successful crawl, then weekly (docs/methodology.md).',
      },
    ],
  },
  {
    name: 'snapshots',
    title: 'Daily server snapshots',
    description:
      'One row per server per day on which its NodeInfo document was read. Counts come from NodeInfo when it sent them, else from the software API (see sources).',
    primaryKey: ['day', 'domain'],
    from: `snapshots AS t WHERE ${NOT_EXCLUDED}`,
    orderBy: ['day', 'domain'],
    partitioning: { by: 'day', stamp: 'crawled_at', dailyParts: true },
    columns: [
      DAY,
      DOMAIN,
      { name: 'software', type: 'string', required: true, description: 'NodeInfo software.name, lower-case ("unknown" if absent).' },
      { name: 'version', type: 'string', description: 'NodeInfo software.version, as sent.' },
      { name: 'users_total', type: 'integer', description: `Registered local users (NodeInfo usage.users.total or the software API). ${COUNT_RULE}` },
      { name: 'users_active_month', type: 'integer', description: `Local users active in the past month, as the server defines it. ${COUNT_RULE}` },
      { name: 'users_active_halfyear', type: 'integer', description: `Local users active in the past six months. ${COUNT_RULE}` },
      { name: 'local_posts', type: 'integer', description: `Posts (statuses, notes, Lemmy posts, PeerTube videos) made on the server. ${COUNT_RULE}` },
      { name: 'open_registrations', type: 'boolean', description: 'Whether anyone may sign up; empty when the server did not say.' },
      {
        name: 'quality',
        type: 'string',
        description:
          'Counts set to NULL by the plausibility rules, as field:flag joined by ";" (flags: negative, fractional, not_a_number, too_large); empty when none.',
      },
      { name: 'sources', type: 'string', required: true, description: 'Which documents the figures came from, comma-separated (e.g. nodeinfo-2.0,mastodon-v2-instance).' },
      CRAWLED_AT,
      SOURCE,
    ],
  },
  {
    name: 'attempts',
    title: 'Daily crawl attempts',
    description:
      'One row per server per day it was contacted, whatever the outcome: the coverage of each day (how many servers were tried, how many answered, why the others did not).',
    primaryKey: ['day', 'domain'],
    from: `attempts AS t WHERE ${NOT_EXCLUDED}`,
    orderBy: ['day', 'domain'],
    partitioning: { by: 'day', stamp: 'crawled_at', dailyParts: true },
    columns: [
      DAY,
      DOMAIN,
      {
        name: 'status',
        type: 'string',
        required: true,
        description: 'Outcome: ok, unreachable, timeout, disallowed (robots.txt), no_nodeinfo, invalid_response, moved.',
      },
      { name: 'reason', type: 'string', description: 'Why, for every status but ok (e.g. "HTTP 404 on /.well-known/nodeinfo").' },
      { name: 'requests', type: 'integer', required: true, description: 'HTTP requests made to the server that day, redirects included.' },
      CRAWLED_AT,
      SOURCE,
    ],
  },
  {
    name: 'weekly_activity',
    title: 'Weekly activity of Mastodon-API servers',
    description:
      'Weekly windows from /api/v1/instance/activity. Per server and week the latest observation is kept.',
    primaryKey: ['domain', 'week'],
    from: `weekly_activity AS t WHERE ${NOT_EXCLUDED}`,
    orderBy: ['domain', 'week'],
    // Mastodon re-reports the last 12 weeks every day (observed_on moves), so a month of windows settles only
    // about three months later; a month is small (a window per server and week), so it is written whole.
    partitioning: { by: 'week', stamp: 'observed_on', dailyParts: false },
    columns: [
      DOMAIN,
      { name: 'week', type: 'date', required: true, description: 'Monday (UTC) of the ISO week holding window_start + 3 days.' },
      { name: 'window_start', type: 'datetime', required: true, description: 'Start of the window as the server sent it, UTC.' },
      { name: 'statuses', type: 'integer', description: `Local posts made in the window. ${COUNT_RULE}` },
      { name: 'logins', type: 'integer', description: `Distinct local users who logged in during the window. ${COUNT_RULE}` },
      { name: 'registrations', type: 'integer', description: `New local sign-ups in the window. ${COUNT_RULE}` },
      { name: 'quality', type: 'string', description: 'Counts set to NULL by the plausibility rules, as field:flag joined by ";"; empty when none.' },
      { name: 'observed_on', type: 'date', required: true, description: 'Day (UTC) this window was last read.' },
      SOURCE,
    ],
  },
];

export type DataFormat = 'csv' | 'parquet';

/** How each field type is stored in the Parquet files (DuckDB's types; datetimes marked UTC: isAdjustedToUTC). */
export const PARQUET_TYPES: Readonly<Record<FieldType, string>> = {
  string: 'VARCHAR (UTF-8 string)',
  integer: 'BIGINT (INT64)',
  boolean: 'BOOLEAN',
  date: 'DATE',
  datetime: 'TIMESTAMP WITH TIME ZONE (INT64 microseconds, isAdjustedToUTC = true; whole seconds, as in the CSV)',
};

/**
 * The SELECT for one table in one format. CSV gets explicit text for dates (YYYY-MM-DD) and datetimes
 * (ISO 8601 with Z, the Frictionless default format) so no reader has to guess; Parquet keeps typed
 * columns (PARQUET_TYPES).
 */
export function selectFor(
  table: PublishedTable,
  format: DataFormat,
  options: { readonly where?: string; readonly orderBy?: readonly string[] } = {},
): string {
  const list = table.columns.map((column) => {
    const ref = `t.${quoteIdent(column.name)}`;
    if (format === 'csv' && column.type === 'date') return `strftime(${ref}, '%Y-%m-%d') AS ${quoteIdent(column.name)}`;
    if (format === 'csv' && column.type === 'datetime') {
      return `strftime(${ref}, '%Y-%m-%dT%H:%M:%SZ') AS ${quoteIdent(column.name)}`;
    }
    // The census stores UTC in TIMESTAMP; timezone('UTC', ...) marks it so (Parquet isAdjustedToUTC) whatever
    // the session's zone, and whole seconds match the CSV and the API (core/time.ts).
    if (format === 'parquet' && column.type === 'datetime') {
      return `timezone('UTC', date_trunc('second', ${ref})) AS ${quoteIdent(column.name)}`;
    }
    // One integer width in Parquet, so readers need not special-case consecutive_failures (INTEGER).
    if (format === 'parquet' && column.type === 'integer') return `${ref}::BIGINT AS ${quoteIdent(column.name)}`;
    return ref;
  });
  const order = (options.orderBy ?? table.orderBy).map((name) => `t.${quoteIdent(name)}`).join(', ');
  const from = options.where ? `${table.from} ${/\bWHERE\b/.test(table.from) ? 'AND' : 'WHERE'} (${options.where})` : table.from;
  return `SELECT ${list.join(', ')} FROM ${from} ORDER BY ${order}`;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

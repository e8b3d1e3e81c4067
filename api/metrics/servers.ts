// Servers: a keyset-paginated list with each server's latest snapshot, and one server's full record.
import { boolOrNull, num, numOrNull, str, strOrNull, type Db, type PlainRow, type SqlParam } from '../db.ts';

export const SERVER_SORTS = ['users_total', 'users_active_month', 'local_posts', 'domain'] as const;
export type ServerSort = (typeof SERVER_SORTS)[number];

/** Where the previous page ended: the sort key of its last row and its domain (the tie-breaker). */
export interface ServerCursor {
  readonly sort: ServerSort;
  readonly key: number | string;
  readonly domain: string;
}

export interface ServerListing {
  readonly domain: string;
  readonly software: string | null;
  readonly version: string | null;
  readonly status: string | null;
  readonly first_seen: string;
  readonly first_seen_ok: string | null;
  readonly created_at: string | null;
  /** Day of the latest snapshot (servers.last_seen_ok) and its figures. */
  readonly day: string;
  readonly users_total: number | null;
  readonly users_active_month: number | null;
  readonly local_posts: number | null;
}

/** One software's row of the software index (docs/methodology.md, "Figures the site derives from these": the software index). */
export interface SoftwareTally {
  readonly software: string;
  readonly servers: number;
  /** null when none of its servers reported users (not reported is not zero). */
  readonly users_total: number | null;
}

/**
 * The software index over the servers list: per latest known software, the servers seen ok at least once and
 * the sum of each one's latest reported users_total (NULLs skipped); most servers first, then by name.
 */
export function softwareTallies(listings: readonly ServerListing[]): SoftwareTally[] {
  const bySoftware = new Map<string, { servers: number; users_total: number | null }>();
  for (const l of listings) {
    if (!l.software) continue;
    const t = bySoftware.get(l.software) ?? { servers: 0, users_total: null };
    t.servers++;
    if (l.users_total !== null) t.users_total = (t.users_total ?? 0) + l.users_total;
    bySoftware.set(l.software, t);
  }
  return [...bySoftware]
    .map(([software, t]) => ({ software, ...t }))
    .sort((a, b) => b.servers - a.servers || a.software.localeCompare(b.software));
}

/** Servers of a list by the version they reported when last seen ok (docs/methodology.md, "Figures the site derives from these": versions); null: none sent. */
export function versionTally(listings: readonly ServerListing[]): Map<string | null, number> {
  const versions = new Map<string | null, number>();
  for (const l of listings) versions.set(l.version, (versions.get(l.version) ?? 0) + 1);
  return versions;
}

export interface ServerPage {
  readonly servers: readonly ServerListing[];
  readonly next: ServerCursor | null;
}

// Counts sort descending with NULL last (as -1: real counts are >= 0); the domain sorts ascending and
// breaks ties, so the order is total and a cursor never skips or repeats a row.
const SORT_KEYS: Readonly<Record<ServerSort, string>> = {
  users_total: 'coalesce(s.users_total, -1)',
  users_active_month: 'coalesce(s.users_active_month, -1)',
  local_posts: 'coalesce(s.local_posts, -1)',
  domain: 'v.domain',
};

/** Servers seen ok at least once, each with its latest snapshot; `limit` rows after `cursor`. */
export async function serverPage(
  db: Db,
  query: { readonly software?: string | null; readonly sort: ServerSort; readonly limit: number; readonly cursor?: ServerCursor | null },
): Promise<ServerPage> {
  const key = SORT_KEYS[query.sort];
  const params: SqlParam[] = [query.software ?? null];
  let after = '';
  if (query.cursor) {
    if (query.sort === 'domain') {
      after = 'AND v.domain > $2';
      params.push(query.cursor.domain);
    } else {
      after = `AND (${key} < $2 OR (${key} = $2 AND v.domain > $3))`;
      params.push(Number(query.cursor.key), query.cursor.domain);
    }
  }
  const order = query.sort === 'domain' ? 'v.domain' : `${key} DESC, v.domain`;
  params.push(query.limit + 1);
  const rows = await db.all(
    `SELECT v.domain, v.software, v.version, v.status, v.first_seen, v.first_seen_ok, v.created_at,
            s.day, s.users_total, s.users_active_month, s.local_posts, ${key} AS sort_key
     FROM servers v JOIN snapshots s ON s.domain = v.domain AND s.day = v.last_seen_ok
     WHERE v.status IS DISTINCT FROM 'excluded' AND ($1::VARCHAR IS NULL OR v.software = $1) ${after}
     ORDER BY ${order} LIMIT $${params.length}`,
    params,
  );
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  const next =
    rows.length > query.limit && last
      ? { sort: query.sort, key: query.sort === 'domain' ? str(last, 'domain') : num(last, 'sort_key'), domain: str(last, 'domain') }
      : null;
  return { servers: page.map(listing), next };
}

function listing(r: PlainRow): ServerListing {
  return {
    domain: str(r, 'domain'),
    software: strOrNull(r, 'software'),
    version: strOrNull(r, 'version'),
    status: strOrNull(r, 'status'),
    first_seen: str(r, 'first_seen'),
    first_seen_ok: strOrNull(r, 'first_seen_ok'),
    created_at: strOrNull(r, 'created_at'),
    day: str(r, 'day'),
    users_total: numOrNull(r, 'users_total'),
    users_active_month: numOrNull(r, 'users_active_month'),
    local_posts: numOrNull(r, 'local_posts'),
  };
}

export interface HistoryPoint {
  readonly day: string;
  readonly software: string;
  readonly version: string | null;
  readonly users_total: number | null;
  readonly users_active_month: number | null;
  readonly users_active_halfyear: number | null;
  readonly local_posts: number | null;
  readonly open_registrations: boolean | null;
  /** Plausibility flags, `field:flag` joined by `;` (docs/contributing.md). */
  readonly quality: string | null;
}

export interface ActivityPoint {
  readonly week: string;
  readonly statuses: number | null;
  readonly logins: number | null;
  readonly registrations: number | null;
}

export interface ServerRecord {
  readonly domain: string;
  readonly first_seen: string;
  readonly first_seen_ok: string | null;
  readonly last_seen_ok: string | null;
  readonly last_attempt: string | null;
  readonly status: string | null;
  readonly software: string | null;
  readonly version: string | null;
  readonly created_at: string | null;
  /** Where created_at was read (servers.created_at_source); null in a census older than schema version 7. */
  readonly created_at_source: string | null;
  readonly history: readonly HistoryPoint[];
  readonly activity: readonly ActivityPoint[];
}

/** One server's record and full daily history; null for a name never seen (or excluded: history removed). */
export async function serverRecord(db: Db, domain: string): Promise<ServerRecord | null> {
  const [servers, history, activity] = await Promise.all([
    db.all(`SELECT * FROM servers WHERE domain = ? AND status IS DISTINCT FROM 'excluded'`, [domain]),
    db.all(
      `SELECT day, software, version, users_total, users_active_month, users_active_halfyear, local_posts,
              open_registrations, quality
       FROM snapshots WHERE domain = ? ORDER BY day`,
      [domain],
    ),
    db.all(`SELECT week, statuses, logins, registrations FROM weekly_activity WHERE domain = ? ORDER BY week`, [domain]),
  ]);
  const s = servers[0];
  if (!s) return null;
  return {
    domain: str(s, 'domain'),
    first_seen: str(s, 'first_seen'),
    first_seen_ok: strOrNull(s, 'first_seen_ok'),
    last_seen_ok: strOrNull(s, 'last_seen_ok'),
    last_attempt: strOrNull(s, 'last_attempt'),
    status: strOrNull(s, 'status'),
    software: strOrNull(s, 'software'),
    version: strOrNull(s, 'version'),
    created_at: strOrNull(s, 'created_at'),
    // `SELECT *`: a publication made before schema version 7 has no such column, and reads as null.
    created_at_source: strOrNull(s, 'created_at_source'),
    history: history.map((h) => ({
      day: str(h, 'day'),
      software: str(h, 'software'),
      version: strOrNull(h, 'version'),
      users_total: numOrNull(h, 'users_total'),
      users_active_month: numOrNull(h, 'users_active_month'),
      users_active_halfyear: numOrNull(h, 'users_active_halfyear'),
      local_posts: numOrNull(h, 'local_posts'),
      open_registrations: boolOrNull(h, 'open_registrations'),
      quality: strOrNull(h, 'quality'),
    })),
    activity: activity.map((a) => ({
      week: str(a, 'week'),
      statuses: numOrNull(a, 'statuses'),
      logins: numOrNull(a, 'logins'),
      registrations: numOrNull(a, 'registrations'),
    })),
  };
}

// Where the census's observations come from (definitions.ts, "sources"): the sources table that
// `fedicensus import` and migration 4 fill, read for the `meta.sources` of every answer and the site.
import { str, strOrNull, type Db, type PlainRow } from '../db.ts';

export interface SourceRecord {
  readonly id: string;
  readonly name: string;
  readonly url: string | null;
  readonly licence: string | null;
  readonly collected: string | null;
  readonly coverage: string | null;
}

const OWN_CRAWL: SourceRecord = { id: 'fedicensus', name: "fedicensus's own crawl", url: null, licence: null, collected: null, coverage: null };

async function hasTable(db: Db, table: string): Promise<boolean> {
  const rows = await db.all(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = ?`, [table]);
  return Number(rows[0]?.['n'] ?? 0) > 0;
}

const record = (r: PlainRow): SourceRecord => ({
  id: str(r, 'id'),
  name: str(r, 'name'),
  url: strOrNull(r, 'url'),
  licence: strOrNull(r, 'licence'),
  collected: strOrNull(r, 'collected'),
  coverage: strOrNull(r, 'coverage'),
});

/**
 * The sources of the census's observations (servers, snapshots, activity windows): those with a crawl run
 * or an imported run, in order of their first day. A census from before sources existed (schema < 4) holds
 * the census's own crawl only.
 */
export async function observationSources(db: Db): Promise<SourceRecord[]> {
  if (!(await hasTable(db, 'sources'))) return [OWN_CRAWL];
  const rows = await db.all(
    `SELECT s.* FROM sources s JOIN (SELECT source, min(day) AS first FROM crawl_runs GROUP BY source) r ON r.source = s.id
     ORDER BY r.first, s.id`,
  );
  return rows.map(record);
}

/** One source's provenance; null when the census does not know it. */
export async function sourceRecord(db: Db, id: string): Promise<SourceRecord | null> {
  if (!(await hasTable(db, 'sources'))) return id === OWN_CRAWL.id ? OWN_CRAWL : null;
  const rows = await db.all(`SELECT * FROM sources WHERE id = ?`, [id]);
  return rows[0] ? record(rows[0]) : null;
}

export interface DaySources {
  readonly day: string;
  /** The sources whose observations that day's figures sum, in id order. */
  readonly sources: readonly string[];
  /** Servers reached that day (snapshots), per source: the coverage of each. */
  readonly servers: Readonly<Record<string, number>>;
}

/** For each day with a snapshot in the range, which sources its figures come from and how many servers each reached. */
export async function sourcesByDay(db: Db, from: string | null = null, to: string | null = null): Promise<DaySources[]> {
  const hasSource = await db.all(`SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'snapshots' AND column_name = 'source'`);
  const sourceColumn = Number(hasSource[0]?.['n'] ?? 0) > 0 ? 'source' : `'fedicensus'`;
  const rows = await db.all(
    `SELECT day, ${sourceColumn} AS source, count(*) AS servers FROM snapshots
     WHERE ($1::DATE IS NULL OR day >= $1::DATE) AND ($2::DATE IS NULL OR day <= $2::DATE)
     GROUP BY ALL ORDER BY day, source`,
    [from, to],
  );
  const byDay = new Map<string, { sources: string[]; servers: Record<string, number> }>();
  for (const r of rows) {
    const day = str(r, 'day');
    const held = byDay.get(day) ?? { sources: [], servers: {} };
    held.sources.push(str(r, 'source'));
    held.servers[str(r, 'source')] = Number(r['servers']);
    byDay.set(day, held);
  }
  return [...byDay].map(([day, v]) => ({ day, ...v }));
}

/** Servers with any activity window, per source: whose sign-ups the weekly figures count from windows. */
export async function windowedServers(db: Db): Promise<number> {
  const rows = await db.all(`SELECT count(DISTINCT domain) AS n FROM weekly_activity`);
  return Number(rows[0]?.['n'] ?? 0);
}

export interface SourceChange {
  readonly day: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
  readonly servers: Readonly<Record<string, number>>;
}

/**
 * The crawled days whose observations come from another set of sources than the previous crawled day's: a
 * change of source is a change of method (api/metrics/method-changes.ts, kind `source`). None when the census
 * holds one source only.
 */
export async function sourceChanges(db: Db): Promise<SourceChange[]> {
  const days = await sourcesByDay(db);
  if (new Set(days.flatMap((d) => d.sources)).size < 2) return [];
  const out: SourceChange[] = [];
  for (let i = 1; i < days.length; i++) {
    const prev = days[i - 1]!;
    const cur = days[i]!;
    if (prev.sources.join(',') !== cur.sources.join(',')) out.push({ day: cur.day, from: prev.sources, to: cur.sources, servers: cur.servers });
  }
  return out;
}

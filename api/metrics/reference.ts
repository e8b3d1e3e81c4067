// Reference series (definitions.ts, "reference_series"): figures another publisher computed over the network,
// such as Mastodon's official statistics, imported by `fedicensus import`. Shown beside the census's figures,
// never summed into them.
import { numOrNull, str, type Db } from '../db.ts';
import { sourceRecord, type SourceRecord } from './sources.ts';

/** The official statistics' metrics, by the publisher's names, in the order they are shown. */
export const REFERENCE_METRICS = ['user_count', 'server_count', 'active_user_count'] as const;
export type ReferenceMetric = (typeof REFERENCE_METRICS)[number];

/** How a series is labelled wherever it is shown: who published it (never the census). */
const PUBLISHED_BY: Readonly<Record<string, string>> = { joinmastodon: 'published by Mastodon' };

export function publishedBy(source: string): string {
  return PUBLISHED_BY[source] ?? `published by ${source}`;
}

export interface ReferenceDay {
  readonly day: string;
  readonly user_count: number | null;
  readonly server_count: number | null;
  readonly active_user_count: number | null;
}

export interface ReferenceQuery {
  readonly source: string;
  readonly from?: string | null;
  readonly to?: string | null;
}

export interface ReferenceSeries {
  readonly source: SourceRecord | null;
  readonly days: readonly ReferenceDay[];
}

async function hasReferenceTable(db: Db): Promise<boolean> {
  const rows = await db.all(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'reference_series'`);
  return Number(rows[0]?.['n'] ?? 0) > 0;
}

/** One row per day the source published, between from and to inclusive, ordered by day; null where a metric is missing. */
export async function referenceSeries(db: Db, query: ReferenceQuery): Promise<ReferenceSeries> {
  if (!(await hasReferenceTable(db))) return { source: await sourceRecord(db, query.source), days: [] };
  const rows = await db.all(
    `SELECT day,
            max(value) FILTER (WHERE metric = 'user_count') AS user_count,
            max(value) FILTER (WHERE metric = 'server_count') AS server_count,
            max(value) FILTER (WHERE metric = 'active_user_count') AS active_user_count
     FROM reference_series
     WHERE source = $1 AND ($2::DATE IS NULL OR day >= $2::DATE) AND ($3::DATE IS NULL OR day <= $3::DATE)
     GROUP BY day ORDER BY day`,
    [query.source, query.from ?? null, query.to ?? null],
  );
  return {
    source: await sourceRecord(db, query.source),
    days: rows.map((r) => ({
      day: str(r, 'day'),
      user_count: numOrNull(r, 'user_count'),
      server_count: numOrNull(r, 'server_count'),
      active_user_count: numOrNull(r, 'active_user_count'),
    })),
  };
}

/** The sources that have a reference series in the census, by id. */
export async function referenceSources(db: Db): Promise<string[]> {
  if (!(await hasReferenceTable(db))) return [];
  const rows = await db.all(`SELECT DISTINCT source FROM reference_series ORDER BY source`);
  return rows.map((r) => str(r, 'source'));
}

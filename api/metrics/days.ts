// The crawled days: every day with an attempt or a snapshot, with its coverage (definitions.ts, "coverage
// on a day") and the servers with a snapshot that day, so a client can see which days exist and how complete
// each is before asking for one (GET /api/v1/days).
import { num, str, type Db } from '../db.ts';
import { coverageForDays, type Coverage } from './summary.ts';

export interface CrawledDay extends Coverage {
  readonly day: string;
  /** Servers with a snapshot that day (the `servers` of that day's summary). */
  readonly servers: number;
}

export interface DaysQuery {
  readonly from?: string | null;
  readonly to?: string | null;
}

const DAYS_SQL = `
WITH days AS (
  SELECT day, count(*) AS servers FROM snapshots
  WHERE ($1::DATE IS NULL OR day >= $1::DATE) AND ($2::DATE IS NULL OR day <= $2::DATE) GROUP BY day
  UNION ALL
  SELECT DISTINCT day, 0 AS servers FROM attempts
  WHERE ($1::DATE IS NULL OR day >= $1::DATE) AND ($2::DATE IS NULL OR day <= $2::DATE)
)
SELECT day::VARCHAR AS day, max(servers) AS servers FROM days GROUP BY day ORDER BY day`;

/** The crawled days in a range (both ends optional, inclusive), oldest first. */
export async function crawledDays(db: Db, query: DaysQuery = {}): Promise<CrawledDay[]> {
  const rows = await db.all(DAYS_SQL, [query.from ?? null, query.to ?? null]);
  const coverage = await coverageForDays(db, rows.map((r) => str(r, 'day')));
  return rows.map((r, i) => {
    const { day: _same, ...counts } = coverage[i]!; // one coverage row per day, in the same order
    return { day: str(r, 'day'), servers: num(r, 'servers'), ...counts };
  });
}

// Daily series: one point per crawled day (definitions.ts, "daily").
import { num, numOrNull, str, type Db, type SqlParam } from '../db.ts';

export const DAILY_METRICS = ['users_total', 'users_active_month', 'local_posts', 'servers'] as const;
export type DailyMetric = (typeof DAILY_METRICS)[number];

// The metric picks one of these fixed SQL fragments; user input never reaches the SQL text.
const AGGREGATES: Readonly<Record<DailyMetric, { readonly value: string; readonly reporting: string }>> = {
  // A sum over no reported figure is NULL: not reported, never 0.
  users_total: { value: 'sum(s.users_total)', reporting: 'count(s.users_total)' },
  users_active_month: { value: 'sum(s.users_active_month)', reporting: 'count(s.users_active_month)' },
  local_posts: { value: 'sum(s.local_posts)', reporting: 'count(s.local_posts)' },
  servers: { value: 'count(*)', reporting: 'count(*)' },
};

export interface DailyQuery {
  readonly metric: DailyMetric;
  readonly from?: string | null;
  readonly to?: string | null;
  /** Latest known software (servers.software); null for every server. */
  readonly software?: string | null;
}

export interface DailyPoint {
  readonly day: string;
  /** null when no server reported the figure that day. */
  readonly value: number | null;
  /** Servers the value covers: those whose figure was not NULL (for `servers`, all of them). */
  readonly reporting: number;
}

export async function dailySeries(db: Db, query: DailyQuery): Promise<DailyPoint[]> {
  const aggregate = AGGREGATES[query.metric];
  const params: SqlParam[] = [query.from ?? null, query.to ?? null, query.software ?? null];
  const rows = await db.all(
    `SELECT s.day, ${aggregate.value} AS value, ${aggregate.reporting} AS reporting
     FROM snapshots s
     WHERE ($1::DATE IS NULL OR s.day >= $1::DATE) AND ($2::DATE IS NULL OR s.day <= $2::DATE)
       AND ($3::VARCHAR IS NULL OR s.domain IN (
             SELECT domain FROM servers WHERE software = $3 AND status IS DISTINCT FROM 'excluded'))
     GROUP BY s.day ORDER BY s.day`,
    params,
  );
  return rows.map((r) => ({ day: str(r, 'day'), value: numOrNull(r, 'value'), reporting: num(r, 'reporting') }));
}

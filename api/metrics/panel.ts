// Users over a constant panel of servers (definitions.ts, "users_panel"): when a source's coverage shrinks
// (a crawler that reaches fewer servers day after day), the per-day sums fall although the network does not.
// Summing only the servers the source observed on every one of its days in the range keeps the set constant,
// so the line moves only when those servers' users do.
import { num, str, type Db } from '../db.ts';

export interface PanelPoint {
  readonly day: string;
  /** users_total summed over the panel (servers whose users_total is known on every day of the source in the range). */
  readonly users_total: number;
  /** Servers in the panel (the same on every day). */
  readonly panel: number;
  /** Servers the source reached that day: its coverage. */
  readonly reached: number;
}

export async function panelSeries(db: Db, source: string, from: string | null = null, to: string | null = null): Promise<PanelPoint[]> {
  const rows = await db.all(
    `WITH s AS (
       SELECT day, domain, users_total FROM snapshots
       WHERE source = $1 AND ($2::DATE IS NULL OR day >= $2::DATE) AND ($3::DATE IS NULL OR day <= $3::DATE)
     ),
     days AS (SELECT count(DISTINCT day) AS n FROM s),
     panel AS (SELECT domain FROM s GROUP BY domain HAVING count(users_total) = (SELECT n FROM days))
     SELECT s.day,
            coalesce(sum(s.users_total) FILTER (WHERE s.domain IN (SELECT domain FROM panel)), 0) AS users_total,
            (SELECT count(*) FROM panel) AS panel,
            count(*) AS reached
     FROM s GROUP BY s.day ORDER BY s.day`,
    [source, from, to],
  );
  return rows.map((r) => ({ day: str(r, 'day'), users_total: num(r, 'users_total'), panel: num(r, 'panel'), reached: num(r, 'reached') }));
}

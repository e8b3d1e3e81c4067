// A census in memory, written with the real schema (the crawler's openCensusForWriting) and plain SQL, for
// metric tests whose numbers are known by construction. `serverRows`/`snapshotRows` keep the inserts short.
import { connectionDb, type Db } from '../../../api/db.ts';
import { openCensusForWriting } from '../../../crawler/store/db.ts';

export interface MemoryCensus {
  readonly db: Db;
  close(): void;
}

export async function memoryCensus(sql: string): Promise<MemoryCensus> {
  const census = await openCensusForWriting(':memory:');
  await census.connection.run(sql);
  return { db: connectionDb(census.connection), close: () => census.close() };
}

export interface ServerSpec {
  readonly domain: string;
  readonly software: string;
  readonly version?: string;
  /** users_total per day; null for a snapshot without it. */
  readonly users: Readonly<Record<string, number | null>>;
  /** users_active_month per day (default NULL). */
  readonly active?: Readonly<Record<string, number | null>>;
  /** local_posts per day (default NULL). */
  readonly posts?: Readonly<Record<string, number | null>>;
}

const lit = (v: number | null | undefined): string => (v === null || v === undefined ? 'NULL' : String(v));

/** servers, attempts and snapshots rows for servers seen ok on every day of their `users`. */
export function censusSql(specs: readonly ServerSpec[]): string {
  const out: string[] = [];
  for (const s of specs) {
    const days = Object.keys(s.users).sort();
    const version = s.version ? `'${s.version}'` : 'NULL';
    out.push(
      `INSERT INTO servers (domain, first_seen, first_seen_ok, last_seen_ok, last_attempt, status, software, version) VALUES
       ('${s.domain}', DATE '${days[0]}', DATE '${days[0]}', DATE '${days.at(-1)}', DATE '${days.at(-1)}', 'ok', '${s.software}', ${version});`,
    );
    for (const day of days) {
      out.push(
        `INSERT INTO attempts (day, domain, status, requests, crawled_at, run_id) VALUES (DATE '${day}', '${s.domain}', 'ok', 3, TIMESTAMP '${day} 03:00:00', 1);`,
        `INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, local_posts, sources, crawled_at) VALUES
         (DATE '${day}', '${s.domain}', '${s.software}', ${version}, ${lit(s.users[day])}, ${lit(s.active?.[day])}, ${lit(s.posts?.[day])}, 'nodeinfo-2.0', TIMESTAMP '${day} 03:00:00');`,
      );
    }
  }
  return out.join('\n');
}

/** A map day -> value from parallel lists. */
export function series(days: readonly string[], values: readonly (number | null)[]): Record<string, number | null> {
  return Object.fromEntries(days.map((d, i) => [d, values[i] ?? null]));
}

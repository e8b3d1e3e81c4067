// How many servers say when they were created (definitions.ts, "creation_times"): servers_joined counts only
// those, so the share tells a reader how much of the network the series of servers created can see.
import { num, str, type Db } from '../db.ts';

export interface CreationTimesOf {
  /** Servers seen ok at least once by the day (excluded servers left out). */
  readonly servers: number;
  /** Of them, those with a creation time (servers.created_at). */
  readonly known: number;
  /** known / servers, rounded to 4 decimals; null when there is no server. */
  readonly share: number | null;
}

export interface CreationTimes extends CreationTimesOf {
  /** Per latest known software (servers.software), most servers first, then by name. */
  readonly by_software: readonly (CreationTimesOf & { readonly name: string })[];
}

const CREATION_SQL = `
SELECT software AS name, count(*) AS servers, count(created_at) AS known
FROM servers
WHERE status IS DISTINCT FROM 'excluded' AND software IS NOT NULL AND first_seen_ok <= $1::DATE
GROUP BY software ORDER BY servers DESC, name`;

const shareOf = (known: number, servers: number): number | null => (servers === 0 ? null : Math.round((known / servers) * 10_000) / 10_000);

/** The share of servers whose creation time is known, on `day`, overall and per software. */
export async function creationTimesOn(db: Db, day: string): Promise<CreationTimes> {
  const by_software = (await db.all(CREATION_SQL, [day])).map((r) => {
    const servers = num(r, 'servers');
    const known = num(r, 'known');
    return { name: str(r, 'name'), servers, known, share: shareOf(known, servers) };
  });
  const servers = by_software.reduce((n, s) => n + s.servers, 0);
  const known = by_software.reduce((n, s) => n + s.known, 0);
  return { servers, known, share: shareOf(known, servers), by_software };
}

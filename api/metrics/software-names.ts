// The software names a filter can ask for: every latest known software of a server that is not excluded
// (servers.software, what `software=` filters on). A name outside this set matches no server, so the API
// answers it with a 404 rather than an empty series that reads like "no users".
import { str, type Db } from '../db.ts';

export async function knownSoftware(db: Db): Promise<ReadonlySet<string>> {
  const rows = await db.all(
    `SELECT DISTINCT software FROM servers WHERE software IS NOT NULL AND status IS DISTINCT FROM 'excluded'`,
  );
  return new Set(rows.map((r) => str(r, 'software')));
}

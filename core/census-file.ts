// What both sides of the census file need to know about it: the writer (crawler/store/db.ts) and the readers
// (api/: the published copies, exports) check the same schema version the same way and report a file held
// by another process with the same error.
import { stat } from 'node:fs/promises';
import type { DuckDBConnection } from '@duckdb/node-api';

/** Another process holds the database (DuckDB allows one writer, or several readers, per file). */
export class DatabaseBusyError extends Error {}

/** The highest schema version recorded in the file (core/schema.ts MIGRATIONS); 0 for a file without one. */
export async function schemaVersionOf(connection: DuckDBConnection): Promise<number> {
  const exists = await connection.runAndReadAll(
    `SELECT count(*)::INTEGER AS n FROM information_schema.tables WHERE table_name = 'schema_version'`,
  );
  if ((exists.getRowObjects()[0]?.n ?? 0) === 0) return 0;
  const row = await connection.runAndReadAll(`SELECT max(version)::INTEGER AS v FROM schema_version`);
  return Number(row.getRowObjects()[0]?.v ?? 0);
}

/** Fails plainly when there is no census file at `dbPath` (DuckDB's own read-only message for it is obscure). */
export async function assertCensusFile(dbPath: string): Promise<void> {
  if (!(await stat(dbPath).catch(() => null))?.isFile()) throw new Error(`no census database at ${dbPath}`);
}

// Opening the census read-only for exporting and publishing. A read-only DuckDB instance takes a shared
// lock on the file, so while it is open no crawl can start writing, and if a crawl is writing we refuse
// rather than read a file that is changing underneath us.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { assertCensusFile, DatabaseBusyError, schemaVersionOf } from '../../core/census-file.ts';
import { SCHEMA_VERSION } from '../../core/schema.ts';
import { duckDbOptions } from '../../core/duckdb-resources.ts';

export interface ReadOnlyCensus {
  readonly path: string;
  readonly connection: DuckDBConnection;
  close(): void;
}

/** Thrown when another process holds the census open for writing (usually a crawl still running). */
export class CensusLockedError extends DatabaseBusyError {}

/**
 * DuckDB's error for a file another process holds for writing, said plainly (a CensusLockedError); any other
 * error as it is.
 */
export function lockedOr(err: unknown, dbPath: string): unknown {
  const message = (err as Error).message ?? '';
  if (!/lock/i.test(message)) return err;
  return new CensusLockedError(
    `the census database ${dbPath} is locked by a process that has it open for writing (a crawl?); ` +
      `export and publish read it only when no writer has it open — wait for that process to finish. ` +
      `(${message.split('\n')[0]})`,
  );
}

export async function openCensusReadOnly(dbPath: string): Promise<ReadOnlyCensus> {
  await assertCensusFile(dbPath);
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(dbPath, duckDbOptions({ access_mode: 'READ_ONLY' }));
  } catch (err) {
    throw lockedOr(err, dbPath);
  }
  const connection = await instance.connect();
  const close = (): void => {
    connection.closeSync();
    instance.closeSync();
  };
  try {
    // The export queries name schema-1 columns; a database of another version would export wrong or fail late.
    const version = await schemaVersionOf(connection);
    if (version !== SCHEMA_VERSION) {
      throw new Error(
        `the census database ${dbPath} has schema version ${version}; this fedicensus exports version ${SCHEMA_VERSION}`,
      );
    }
  } catch (err) {
    close();
    throw err;
  }
  return { path: dbPath, connection, close };
}

/** Runs `work` with the census open read-only and always closes it, so the shared lock is released. */
export async function withCensusReadOnly<T>(dbPath: string, work: (census: ReadOnlyCensus) => Promise<T>): Promise<T> {
  const census = await openCensusReadOnly(dbPath);
  try {
    return await work(census);
  } finally {
    census.close();
  }
}

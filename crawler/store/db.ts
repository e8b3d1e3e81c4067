// Opening the census database for writing. One read-write process at a time (DuckDB's rule); readers use
// the published snapshot instead (docs/architecture.md).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { duckDbOptions } from '../../core/duckdb-resources.ts';
import { DatabaseBusyError, schemaVersionOf } from '../../core/census-file.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../core/schema.ts';

export interface CensusDb {
  readonly path: string;
  readonly connection: DuckDBConnection;
  close(): void;
}


/** Opens (creating if needed) the census database read-write and brings its schema up to date. */
export async function openCensusForWriting(dbPath: string): Promise<CensusDb> {
  if (dbPath !== ':memory:') await mkdir(path.dirname(path.resolve(dbPath)), { recursive: true });
  let instance: DuckDBInstance;
  try {
    instance = await DuckDBInstance.create(dbPath, duckDbOptions({}, dbPath === ':memory:'));
  } catch (err) {
    const message = (err as Error).message;
    if (/lock/i.test(message)) {
      throw new DatabaseBusyError(`the database ${dbPath} is open in another process (${message.split('\n')[0]})`);
    }
    throw err;
  }
  const connection = await instance.connect();
  await migrate(connection);
  return {
    path: dbPath,
    connection,
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

const RECORD_VERSION = `INSERT INTO schema_version VALUES ($1, now()::TIMESTAMP, $2)`;

async function migrate(connection: DuckDBConnection): Promise<void> {
  await connection.run(
    `CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL, why VARCHAR)`,
  );
  const current = await schemaVersionOf(connection);
  if (current > SCHEMA_VERSION) {
    throw new Error(`database schema version ${current} is newer than this fedicensus understands (${SCHEMA_VERSION})`);
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    for (const statement of [...migration.statements, RECORD_VERSION]) {
      await connection.run('BEGIN TRANSACTION');
      try {
        await connection.run(statement, statement === RECORD_VERSION ? [migration.version, migration.why] : undefined);
        await connection.run('COMMIT');
      } catch (err) {
        await connection.run('ROLLBACK').catch(() => undefined); // a failed COMMIT has already ended it
        throw new Error(`migration ${migration.version} (${migration.why}) failed: ${(err as Error).message}`);
      }
    }
  }
}

// The small read interface every query function takes: SQL text with bound parameters in, plain rows out.
// Plain means JSON-ready: numbers (never bigint), dates as YYYY-MM-DD, timestamps as RFC 3339 UTC (core/time.ts). The
// API, the static site build and the exports all call the query functions through it, so none of them
// depends on DuckDB's value classes.
import {
  DuckDBDateValue,
  DuckDBInstance,
  DuckDBTimestampValue,
  type DuckDBConnection,
  type DuckDBValue,
} from '@duckdb/node-api';
import { assertCensusFile } from '../core/census-file.ts';
import path from 'node:path';
import { duckDbOptions } from '../core/duckdb-resources.ts';
import { readLayout } from './publish/layout.ts';
import { takeLease, type Lease } from './publish/leases.ts';
import { createVersionViews } from './publish/views.ts';
import { formatMicros } from '../core/time.ts';

export type SqlParam = string | number | boolean | null;
export type PlainValue = string | number | boolean | null;
export type PlainRow = Readonly<Record<string, PlainValue>>;

export interface Db {
  /** Runs one statement with positional parameters (`?` or `$1`) and returns every row. */
  all(sql: string, params?: readonly SqlParam[]): Promise<PlainRow[]>;
}

/** A read-only census database: the Db plus what it takes to close it. */
export interface ReadOnlyDb extends Db {
  readonly path: string;
  close(): void;
}

/**
 * Opens a census READ_ONLY with a few connections used in turn: DuckDB runs one query at a time per
 * connection, and the API serves concurrent requests. Read-only instances never take the writer's lock,
 * so several processes (or several snapshots in one process) can read at once.
 *
 * `dbPath` is a census file, or a published version's database (`<version>/census.duckdb` beside its
 * partitions.json): then the instance is in memory, the version's small database is attached and the growing
 * tables are views over its Parquet files (api/publish/views.ts), and a lease keeps the version from being
 * pruned until this is closed (api/publish/leases.ts).
 */
export async function openReadOnlyDb(dbPath: string, connections = 4): Promise<ReadOnlyDb> {
  await assertCensusFile(dbPath);
  const versionDir = path.dirname(path.resolve(dbPath));
  const layout = await readLayout(versionDir);
  const instance = layout
    ? await DuckDBInstance.create(':memory:', duckDbOptions({}, true))
    : await DuckDBInstance.create(dbPath, duckDbOptions({ access_mode: 'READ_ONLY' }));
  const pool: DuckDBConnection[] = [];
  let lease: Lease | null = null;
  try {
    for (let i = 0; i < connections; i++) pool.push(await instance.connect());
    if (layout) {
      lease = await takeLease(versionDir);
      const connection = pool[0]!;
      await connection.run(`ATTACH '${path.resolve(dbPath).replaceAll("'", "''")}' AS ${PUBLISHED_CATALOG} (READ_ONLY)`);
      // Footers are read once per file, not at every query (a version's files never change).
      await connection.run('SET GLOBAL parquet_metadata_cache = true');
      await createVersionViews(connection, { catalog: PUBLISHED_CATALOG, versionDir, layout, mode: 'reader' });
    }
  } catch (err) {
    for (const c of pool) c.closeSync();
    instance.closeSync();
    lease?.release();
    throw err;
  }
  let next = 0;
  let closed = false;
  return {
    path: dbPath,
    async all(sql, params = []) {
      if (closed) throw new Error(`census ${dbPath} is closed`);
      const connection = pool[next++ % pool.length]!;
      return runPlain(connection, sql, params);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const c of pool) c.closeSync();
      instance.closeSync();
      lease?.release();
    },
  };
}

/** The name a published version's small database is attached under in a reader. */
const PUBLISHED_CATALOG = 'published';

/** Wraps an open connection (for example the crawler's, in an integration test) as a Db. */
export function connectionDb(connection: DuckDBConnection): Db {
  return { all: (sql, params = []) => runPlain(connection, sql, params) };
}

async function runPlain(connection: DuckDBConnection, sql: string, params: readonly SqlParam[]): Promise<PlainRow[]> {
  const reader = await connection.runAndReadAll(sql, params.length > 0 ? [...params] : undefined);
  return reader.getRowObjects().map((row) => {
    const out: Record<string, PlainValue> = {};
    for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
    return out;
  });
}

function plainValue(value: DuckDBValue): PlainValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number') return value;
  // Counts are below 1e9 per server and sums stay far below 2^53, so Number is exact.
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof DuckDBDateValue) return value.toString();
  if (value instanceof DuckDBTimestampValue) return formatMicros(value.micros); // core/time.ts: one format everywhere
  // HUGEINT from sum() of BIGINT arrives as bigint; DECIMAL and the rest stringify faithfully.
  const text = String(value);
  const asNumber = Number(text);
  return Number.isFinite(asNumber) && text.trim() !== '' ? asNumber : text;
}

/** Narrowing readers for rows: a query's columns are known, these keep `strict` honest without casts. */
export function num(row: PlainRow, key: string): number {
  const v = row[key];
  return typeof v === 'number' ? v : v === null || v === undefined ? 0 : Number(v);
}

export function numOrNull(row: PlainRow, key: string): number | null {
  const v = row[key];
  return v === null || v === undefined ? null : typeof v === 'number' ? v : Number(v);
}

export function str(row: PlainRow, key: string): string {
  const v = row[key];
  return v === null || v === undefined ? '' : String(v);
}

export function strOrNull(row: PlainRow, key: string): string | null {
  const v = row[key];
  return v === null || v === undefined ? null : String(v);
}

export function boolOrNull(row: PlainRow, key: string): boolean | null {
  const v = row[key];
  return typeof v === 'boolean' ? v : null;
}

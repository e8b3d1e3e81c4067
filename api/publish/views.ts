// How a published version reads as a census. A version is a small database (`<version>/census.duckdb`: the
// small tables, the stored weekly rows, and an empty copy of each growing table that fixes its columns and
// types) plus the Parquet partitions of the growing tables. A reader opens an in-memory DuckDB, attaches
// the small database read-only and names every table in its own catalog: the small tables as views of the
// attached ones, the growing ones as views over the version's Parquet files. The query functions
// (api/metrics) then run unchanged: `snapshots` is a table name to them, whatever it is.
import type { DuckDBConnection } from '@duckdb/node-api';
import { quoteIdent } from './columns.ts';
import { parquetPaths, type VersionLayout } from './layout.ts';
import { PARTITIONED_TABLES } from './partitions.ts';

export interface ViewOptions {
  /** The attached (or main) catalog holding the version's small database. */
  readonly catalog: string;
  readonly versionDir: string;
  readonly layout: VersionLayout;
  /**
   * reader: every table becomes a view in the connection's default catalog (an in-memory database).
   * publisher: only the growing tables, as TEMP views shadowing their empty templates in the small database
   * being written (temp objects are found first and never stored).
   */
  readonly mode: 'reader' | 'publisher';
}

const PARTITIONED = new Set(PARTITIONED_TABLES.map((t) => t.name as string));

export async function createVersionViews(connection: DuckDBConnection, options: ViewOptions): Promise<void> {
  const catalog = quoteIdent(options.catalog);
  const tables = await connection.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = $1 AND schema_name = 'main' ORDER BY table_name`,
    [options.catalog],
  );
  const kind = options.mode === 'reader' ? 'VIEW' : 'TEMP VIEW';
  for (const row of tables.getRowObjects()) {
    const name = String(row.table_name);
    const id = quoteIdent(name);
    if (PARTITIONED.has(name)) {
      const files = parquetPaths(options.versionDir, options.layout, name);
      const body = files.length > 0 ? await parquetSelect(connection, options.catalog, name, files) : `SELECT * FROM ${catalog}.main.${id}`;
      await connection.run(`CREATE OR REPLACE ${kind} ${id} AS ${body}`);
    } else if (options.mode === 'reader') {
      await connection.run(`CREATE OR REPLACE VIEW ${id} AS SELECT * FROM ${catalog}.main.${id}`);
    }
  }
}

/**
 * The growing table's columns in the census's order, read from the Parquet files; a census column that is not
 * published (attempts.run_id) reads as NULL of its type. Columns are not cast, so filters on them reach the
 * Parquet reader and its row-group statistics.
 */
async function parquetSelect(connection: DuckDBConnection, catalog: string, table: string, files: readonly string[]): Promise<string> {
  const list = `[${files.map((f) => `'${f.replaceAll("'", "''")}'`).join(', ')}]`;
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet('${files[0]!.replaceAll("'", "''")}')`);
  const published = new Set(described.getRowObjects().map((r) => String(r.column_name)));
  const columns = await connection.runAndReadAll(
    `SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = $1 AND schema_name = 'main' AND table_name = $2 ORDER BY column_index`,
    [catalog, table],
  );
  const select = columns.getRowObjects().map((c) => {
    const name = quoteIdent(String(c.column_name));
    return published.has(String(c.column_name)) ? name : `NULL::${String(c.data_type)} AS ${name}`;
  });
  return `SELECT ${select.join(', ')} FROM read_parquet(${list})`;
}

// The growing tables (snapshots, attempts, weekly_activity) as monthly partitions, hive-style:
//   snapshots/month=2026-11/part-0.parquet           a month, sorted by domain then day
//   snapshots/month=2026-12/part-2026-12-01.parquet  the month still being crawled: one file per day
//   csv/snapshots/month=2026-11/part-0.csv.gz        the same rows as gzip'd CSV (its own tree, so an engine
//                                                    pointed at snapshots/ reads Parquet files only)
// A file is rewritten only when what it holds has changed. Each unit's stamp (its row count and the range of
// the column a rewrite moves, plus the shape of the file) is computed from the census in one grouped pass;
// a unit whose stamp equals the previous version's is hard-linked from it: the same bytes and checksum, no
// copy, and no cost but the link. Once a month is over its days are merged into part-0, written once.
import { createHash } from 'node:crypto';
import { copyFile, link, mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { sha256File } from './checksum.ts';
import { PUBLISHED_TABLES, quoteIdent, selectFor, type DataFormat, type PublishedTable } from './columns.ts';
import { PARTITION_FORMAT, partitionName, type PartitionFile, type VersionLayout } from './layout.ts';

/**
 * Rows per Parquet row group. Small enough that a filter on one domain, with each file sorted by domain,
 * reads one small row group per file (DuckDB skips the others by their min/max statistics); large enough to
 * compress well. Fixed, with the compression, so the same rows always give the same bytes.
 */
export const ROW_GROUP_ROWS = 16_384;

export const PARTITIONED_TABLES: readonly PublishedTable[] = PUBLISHED_TABLES.filter((t) => t.partitioning);

/** One unit of a table: a whole month (part-0) or one day of the month still being crawled. */
interface Unit {
  readonly month: string;
  readonly part: string;
  /** SQL condition on `t` selecting the unit's rows. */
  readonly where: string;
  readonly rows: number;
  readonly stamp: string;
}

export interface PartitionOptions {
  readonly connection: DuckDBConnection;
  /** The datasets directory being written. */
  readonly outDir: string;
  readonly formats: readonly DataFormat[];
  /** The previous version's record and datasets directory, for reuse; null writes everything. */
  readonly previous: { readonly layout: VersionLayout; readonly datasetsDir: string } | null;
}

export interface PartitionResult {
  readonly layout: VersionLayout;
  /** Files written this time (the rest were linked from the previous version). */
  readonly written: number;
  readonly reused: number;
  /** Files that could not be linked (another file system) and were copied. */
  readonly copied: number;
}

/** Writes (or links) every partition of every growing table. The connection resolves the census's table names. */
export async function writePartitions(options: PartitionOptions): Promise<PartitionResult> {
  const previous = new Map<string, PartitionFile>();
  if (options.previous && options.previous.layout.format === PARTITION_FORMAT) {
    for (const f of options.previous.layout.files) previous.set(keyOf(f), f);
  }
  const files: PartitionFile[] = [];
  let written = 0;
  let reused = 0;
  let copied = 0;
  const imports = await importsMark(options.connection);
  for (const table of PARTITIONED_TABLES) {
    for (const unit of await unitsOf(options.connection, table)) {
      for (const format of options.formats) {
        const name = partitionName(table.name, unit.month, unit.part, format);
        const stamp = `${unit.stamp}|${shapeOf(table, format)}${imports}`;
        const base = { table: table.name, month: unit.month, part: unit.part, format, name, stamp };
        const target = path.join(options.outDir, ...name.split('/'));
        await mkdir(path.dirname(target), { recursive: true });
        const held = previous.get(keyOf(base));
        if (held && held.stamp === stamp && held.name === name && options.previous) {
          const source = path.join(options.previous.datasetsDir, ...name.split('/'));
          const how = await linkOrCopy(source, target);
          if (how) {
            files.push({ ...base, rows: held.rows, bytes: held.bytes, sha256: held.sha256 });
            reused++;
            if (how === 'copied') copied++;
            continue;
          }
        }
        const rows = await copyUnit(options.connection, table, unit, format, target);
        if (rows !== unit.rows) {
          throw new Error(`${name}: wrote ${rows} rows, the census has ${unit.rows}; was it written to meanwhile?`);
        }
        files.push({ ...base, rows, bytes: (await stat(target)).size, sha256: await sha256File(target) });
        written++;
      }
    }
  }
  return { layout: { format: PARTITION_FORMAT, files }, written, reused, copied };
}

function keyOf(f: Pick<PartitionFile, 'table' | 'month' | 'part' | 'format'>): string {
  return `${f.table}/${f.month}/${f.part}/${f.format}`;
}

/**
 * The units of a table with their stamps, in one grouped pass over the date and stamp columns. Months before
 * the table's latest month are whole; the latest month is split by day when the table says so.
 */
async function unitsOf(connection: DuckDBConnection, table: PublishedTable): Promise<Unit[]> {
  const p = table.partitioning!;
  const by = `t.${quoteIdent(p.by)}`;
  const stamp = `t.${quoteIdent(p.stamp)}`;
  const [top] = (await connection.runAndReadAll(`SELECT strftime(max(${by}), '%Y-%m-01') AS m FROM ${table.from}`)).getRowObjects();
  const latest = top?.m === null || top?.m === undefined ? null : String(top.m);
  const dayPart = p.dailyParts && latest ? `CASE WHEN ${by} >= DATE '${latest}' THEN strftime(${by}, '%Y-%m-%d') END` : 'NULL::VARCHAR';
  const reader = await connection.runAndReadAll(
    `SELECT strftime(${by}, '%Y-%m') AS month, ${dayPart} AS day, count(*)::BIGINT AS n,
            min(${stamp})::VARCHAR AS first, max(${stamp})::VARCHAR AS last
     FROM ${table.from} GROUP BY ALL ORDER BY month, day`,
  );
  return reader.getRowObjects().map((r) => {
    const month = String(r.month);
    const day = r.day === null ? null : String(r.day);
    const rows = Number(r.n);
    const where = day
      ? `${by} = DATE '${day}'`
      : `${by} >= DATE '${month}-01' AND ${by} < DATE '${month}-01' + INTERVAL 1 MONTH`;
    return { month, part: day ? `part-${day}` : 'part-0', where, rows, stamp: `${rows}|${String(r.first)}|${String(r.last)}` };
  });
}

/**
 * An import writes past days with its source's times (crawled_at at the day's midnight), so a corrected file
 * imported again can leave a month's count and crawled_at range as they were: every import marks every unit,
 * and the next publication writes them afresh. Empty for a census without imports (or from before them).
 */
async function importsMark(connection: DuckDBConnection): Promise<string> {
  try {
    const [row] = (await connection.runAndReadAll(`SELECT count(*)::INTEGER AS n, max(imported_at)::VARCHAR AS last FROM imports`)).getRowObjects();
    return Number(row?.n) > 0 ? `|imports ${String(row?.n)} ${String(row?.last)}` : '';
  } catch {
    return ''; // a census older than the imports table (schema version 4)
  }
}

/** What else decides a file's bytes: the columns and their SQL, the order, the writer's settings. */
function shapeOf(table: PublishedTable, format: DataFormat): string {
  const shape = [PARTITION_FORMAT, format, ROW_GROUP_ROWS, selectFor(table, format, { orderBy: fileOrder(table) })].join('\n');
  return createHash('sha256').update(shape).digest('hex').slice(0, 16);
}

/** Within a file rows go by domain, then date: one server's rows sit together (see ROW_GROUP_ROWS). */
function fileOrder(table: PublishedTable): string[] {
  return ['domain', table.partitioning!.by];
}

async function copyUnit(connection: DuckDBConnection, table: PublishedTable, unit: Unit, format: DataFormat, file: string): Promise<number> {
  const select = selectFor(table, format, { where: unit.where, orderBy: fileOrder(table) });
  const settings =
    format === 'csv'
      ? `FORMAT csv, HEADER true, DELIMITER ',', COMPRESSION gzip`
      : `FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE ${ROW_GROUP_ROWS}`;
  const reader = await connection.runAndReadAll(`COPY (${select}) TO '${file.replaceAll("'", "''")}' (${settings})`);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

/** Hard-links `source` to `target` (copies across file systems); null when the source is gone. */
export async function linkOrCopy(source: string, target: string): Promise<'linked' | 'copied' | null> {
  try {
    await link(source, target);
    return 'linked';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    if (code === 'EXDEV' || code === 'EPERM' || code === 'EMLINK') {
      await copyFile(source, target);
      return 'copied';
    }
    throw err;
  }
}

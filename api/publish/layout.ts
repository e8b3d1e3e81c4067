// `<version>/partitions.json`: which partition files make up a version's growing tables, with what each was
// written from. The publisher reads the previous version's record to reuse every file whose source has not
// changed (partitions.ts); readers read it to put a view over the version's Parquet files (views.ts).
//
// {
//   "format": 1,
//   "files": [
//     { "table": "snapshots", "month": "2026-11", "part": "part-0", "format": "parquet",
//       "name": "snapshots/month=2026-11/part-0.parquet", "rows": 1199000, "bytes": 21870123,
//       "sha256": "...", "stamp": "1199000|2026-11-01 02:00:00|2026-11-30 04:12:09|3f9a..." },
//     ...
//   ]
// }
// `name` is relative to the version's datasets directory, '/'-separated.
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DATASETS_DIR } from './current.ts';

export const LAYOUT_FILE = 'partitions.json';
/** Bump when the same rows would be written as other bytes (columns, order, row groups, compression). */
export const PARTITION_FORMAT = 1;

const PartitionFileSchema = z.object({
  table: z.string(),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  part: z.string().regex(/^part-(0|\d{4}-\d{2}-\d{2})$/),
  format: z.enum(['csv', 'parquet']),
  // Only names this module builds: no '..', no absolute paths (readers join it onto the version directory).
  name: z.string().regex(/^(csv\/)?[a-z_]+\/month=\d{4}-\d{2}\/part-(0|\d{4}-\d{2}-\d{2})\.(parquet|csv\.gz)$/),
  rows: z.number().int().min(0),
  bytes: z.number().int().min(0),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  stamp: z.string(),
});

export type PartitionFile = Readonly<z.infer<typeof PartitionFileSchema>>;

const LayoutSchema = z.object({ format: z.number().int(), files: z.array(PartitionFileSchema) });

export interface VersionLayout {
  readonly format: number;
  readonly files: readonly PartitionFile[];
}

/** The path of a partition file inside a datasets directory: Parquet at `<table>/`, CSV under `csv/<table>/`. */
export function partitionName(table: string, month: string, part: string, format: 'csv' | 'parquet'): string {
  return format === 'parquet' ? `${table}/month=${month}/${part}.parquet` : `csv/${table}/month=${month}/${part}.csv.gz`;
}

/** A version directory's record, or null when it has none (a version published before partitions). */
export async function readLayout(versionDir: string): Promise<VersionLayout | null> {
  let text: string;
  try {
    text = await readFile(path.join(versionDir, LAYOUT_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return LayoutSchema.parse(JSON.parse(text));
}

export async function writeLayout(versionDir: string, layout: VersionLayout): Promise<void> {
  await writeFile(path.join(versionDir, LAYOUT_FILE), `${JSON.stringify(layout, null, 1)}\n`, 'utf8');
}

/** Absolute paths of a table's Parquet files in a version, in month and part order. */
export function parquetPaths(versionDir: string, layout: VersionLayout, table: string): string[] {
  return layout.files
    .filter((f) => f.table === table && f.format === 'parquet')
    .map((f) => f.name)
    .sort()
    .map((name) => path.join(versionDir, DATASETS_DIR, ...name.split('/')));
}

/**
 * A fingerprint of the growing tables' rows before `day` (a first day of a month): the stamps of their Parquet
 * files of earlier months, the same stamps that decide whether a partition file is reused (partitions.ts): a
 * month's row count and range of crawled_at, and a mark of every import. Two versions have the same one when
 * no crawl, import or exclusion wrote, rewrote or removed a row before that day in between.
 */
export function historyStamp(layout: VersionLayout, day: string): string {
  const month = day.slice(0, 7);
  const stamps = layout.files
    .filter((f) => f.format === 'parquet' && f.month < month)
    .map((f) => `${f.name} ${f.stamp}`)
    .sort();
  return createHash('sha256').update(`${layout.format}\n${stamps.join('\n')}`).digest('hex');
}

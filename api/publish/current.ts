// `<publishDir>/current.json`: which published census snapshot is current. The contract between the
// producer (publish.ts, run after a crawl) and its readers (the API, which polls it and swaps its read-only
// connection; api/routes/data.ts, which serves the datasets).
//
// Format (one JSON object, UTF-8):
//   {
//     "version":     "2026-11-26T0312Z-1a2b3c4d",          // version.ts: UTC minute + start of the file's SHA-256
//     "database":    "2026-11-26T0312Z-1a2b3c4d/census.duckdb", // relative to publishDir, '/'-separated
//     "datasets":    "2026-11-26T0312Z-1a2b3c4d/datasets",      // an export (export.ts), CSV and Parquet
//     "dataAsOf":    "2026-11-25",                         // latest snapshot day in that database (UTC)
//     "publishedAt": "2026-11-26T03:12:09.123Z"
//   }
// The file is only ever replaced whole (written beside, then renamed), so a reader sees the old pointer or the
// new one, never a partial file. Everything a pointer names is complete before the pointer is written, and a
// version stays on disk for at least the next `keep - 1` publications (publish.ts), so a reader that read the
// pointer a moment ago can still open what it names.
import { randomUUID } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';

/** Where publications live unless told otherwise: `published/` beside the census file. */
export function defaultPublishDir(dbPath: string): string {
  return path.join(path.dirname(dbPath), 'published');
}
import { isVersionId } from './version.ts';
import { formatDateTime } from '../../core/time.ts';

export const CURRENT_FILE = 'current.json';
/** Inside a version's directory: the census copy the API opens, and the export's directory. */
export const DATABASE_FILE = 'census.duckdb';
export const DATASETS_DIR = 'datasets';

/** The pointer's paths for a version, relative to publishDir and '/'-separated. */
function versionPaths(version: string): { database: string; datasets: string } {
  return { database: `${version}/${DATABASE_FILE}`, datasets: `${version}/${DATASETS_DIR}` };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const CurrentPointerSchema = z
  .object({
    version: z.string().refine(isVersionId, 'not a version name'),
    database: z.string(),
    datasets: z.string(),
    dataAsOf: z.string().regex(DAY),
    publishedAt: z.iso.datetime(),
  })
  // The paths must stay inside the version's own directory: a reader joins them onto publishDir.
  .refine((p) => p.database === versionPaths(p.version).database && p.datasets === versionPaths(p.version).datasets, {
    message: `database and datasets must be <version>/${DATABASE_FILE} and <version>/${DATASETS_DIR}`,
  });

export type CurrentPointer = Readonly<z.infer<typeof CurrentPointerSchema>>;

export function pointerFor(version: string, dataAsOf: string, publishedAt: Date): CurrentPointer {
  return {
    version,
    ...versionPaths(version),
    dataAsOf,
    publishedAt: formatDateTime(publishedAt),
  };
}

/** The current pointer, or null when nothing has been published yet. A malformed file is an error, not null. */
export async function readCurrent(publishDir: string): Promise<CurrentPointer | null> {
  let text: string;
  try {
    text = await readFile(path.join(publishDir, CURRENT_FILE), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return CurrentPointerSchema.parse(JSON.parse(text));
}

/** Replaces current.json atomically: a temp file in the same directory, then rename(2). */
export async function writeCurrent(publishDir: string, pointer: CurrentPointer): Promise<void> {
  const valid = CurrentPointerSchema.parse(pointer);
  const temp = path.join(publishDir, `.${CURRENT_FILE}.${randomUUID()}.tmp`);
  try {
    await writeFile(temp, `${JSON.stringify(valid, null, 2)}\n`, 'utf8');
    await rename(temp, path.join(publishDir, CURRENT_FILE));
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

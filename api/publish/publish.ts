// Publishing a versioned, read-only snapshot of the census for the API and for download. The crawl owns
// the census file (DuckDB allows one writer and no readers beside it in other processes), so the API never
// opens it: after a crawl, this copies it into a version directory, exports the datasets from the copy, and
// points current.json (current.ts) at the result.
//
// <publishDir>/
//   current.json                       the pointer (format in current.ts)
//   2026-11-26T0312Z-1a2b3c4d/          one directory per version, complete before current.json names it
//     census.duckdb                     the copy the API opens read-only, plus the weekly joins' rows
//     datasets/                         export.ts output, CSV and Parquet (manifest.json, SHA256SUMS, ...)
//   2026-11-25T0305Z-9f8e7d6c/          older versions, pruned beyond `keep`
import { copyFile, mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { connectionDb } from '../db.ts';
import { storeWeeklyJoins } from '../metrics/weekly.ts';
import { tempDirBeside } from './atomic-dir.ts';
import { sha256File } from './checksum.ts';
import { DATABASE_FILE, DATASETS_DIR, defaultPublishDir, pointerFor, readCurrent, writeCurrent, type CurrentPointer } from './current.ts';
import { exportCensus, type ExportSummary } from './export.ts';
import { dataPageUrl } from './public-url.ts';
import { withCensusReadOnly } from './readonly.ts';
import { isVersionId, versionId } from './version.ts';

export interface PublishOptions {
  /** The census. No process may have it open for writing (the crawl has closed it, which checkpoints it). */
  readonly dbPath: string;
  /** Defaults to `published/` beside the census file. */
  readonly publishDir?: string;
  /** Publication time: names the version and stamps current.json and the export. */
  readonly now: Date;
  /** Versions kept on disk, the current one included (>= 1). Older ones are deleted. */
  readonly keep?: number;
  /** The site's public root URL (public-url.ts), for the datasets' metadata; null or absent when unknown. */
  readonly siteUrl?: string | null;
}

export interface PublishResult {
  /** The version just published (also current.version). */
  readonly version: string;
  readonly publishDir: string;
  readonly current: CurrentPointer;
  readonly export: ExportSummary;
  /** Version directories deleted by pruning. */
  readonly pruned: readonly string[];
}

export async function publishCensus(options: PublishOptions): Promise<PublishResult> {
  const keep = options.keep ?? 3;
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number >= 1, not ${keep}`);
  const publishDir = path.resolve(options.publishDir ?? defaultPublishDir(options.dbPath));
  await mkdir(publishDir, { recursive: true });
  const publishedAt = options.now;

  const staging = await tempDirBeside(path.join(publishDir, 'staging'));
  try {
    const copy = path.join(staging, DATABASE_FILE);
    await copyCensus(options.dbPath, copy);
    const version = versionId(publishedAt, await sha256File(copy));
    const versionDir = path.join(publishDir, version);
    if (await stat(versionDir).catch(() => null)) {
      throw new Error(`version ${version} is already published in ${publishDir} (same data, same minute)`);
    }
    await storeSlowFigures(copy);
    const summary = await exportCensus({
      dbPath: copy,
      outDir: path.join(staging, DATASETS_DIR),
      format: 'both',
      now: publishedAt,
      version,
      homepage: options.siteUrl ? dataPageUrl(options.siteUrl) : null,
    });
    const dataAsOf = summary.manifest.dataAsOf;
    if (!dataAsOf) throw new Error(`the census ${options.dbPath} has no snapshots yet: nothing to publish`);
    await rename(staging, versionDir);
    const current = pointerFor(version, dataAsOf, publishedAt);
    await writeCurrent(publishDir, current);
    const pruned = await pruneVersions(publishDir, keep);
    return { version, publishDir, current, export: summary, pruned };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

/**
 * Copies the census while holding a read-only open on it: DuckDB's shared lock keeps a crawl from starting to
 * write mid-copy, and the open fails clearly if one is writing now. A write-ahead log left by a crawl that did
 * not close cleanly is copied too and folded into the copy, so the copy is one self-contained file.
 */
async function copyCensus(dbPath: string, copy: string): Promise<void> {
  const wal = `${dbPath}.wal`;
  const hadWal = await withCensusReadOnly(dbPath, async () => {
    await copyFile(dbPath, copy);
    const walInfo = await stat(wal).catch(() => null);
    if (walInfo?.isFile() && walInfo.size > 0) {
      await copyFile(wal, `${copy}.wal`);
      return true;
    }
    return false;
  });
  if (!hadWal) return;
  await withWritableCopy(copy, async () => undefined); // opening replays the log, the checkpoint folds it in
  await rm(`${copy}.wal`, { force: true });
}

/** Opens the copy being published (no reader can see it yet) for writing, runs `work`, checkpoints, closes. */
async function withWritableCopy(copy: string, work: (connection: DuckDBConnection) => Promise<void>): Promise<void> {
  const instance = await DuckDBInstance.create(copy);
  try {
    const connection = await instance.connect();
    try {
      await work(connection);
      await connection.run('CHECKPOINT');
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/**
 * Stores in the copy, before any reader can see it, the figures that need a pass over the whole history (the
 * weekly joins: about a minute over 70 million snapshot rows), so the API serves them as soon as it swaps to
 * this version instead of computing them after the swap, and every reader gets the same rows.
 */
export async function storeSlowFigures(copy: string): Promise<void> {
  await withWritableCopy(copy, async (connection) => {
    await storeWeeklyJoins(connectionDb(connection));
  });
}

/** All version directories, newest first (names sort by time). */
export async function listVersions(publishDir: string): Promise<string[]> {
  const entries = await readdir(publishDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && isVersionId(e.name))
    .map((e) => e.name)
    .sort()
    .reverse();
}

/**
 * Deletes version directories beyond the newest `keep`, never the one current.json names (even if a clock
 * step made it look older). A deleted database that an API process still has open stays readable to it until
 * it closes (POSIX unlink semantics), and readers swap on their next poll.
 */
export async function pruneVersions(publishDir: string, keep: number): Promise<string[]> {
  const current = (await readCurrent(publishDir))?.version;
  const others = (await listVersions(publishDir)).filter((v) => v !== current);
  const room = current ? keep - 1 : keep;
  const doomed = others.slice(Math.max(0, room));
  for (const version of doomed) await rm(path.join(publishDir, version), { recursive: true, force: true });
  return doomed;
}

// Publishing a versioned, read-only snapshot of the census for the API and for download, at a cost that
// follows what changed, not the length of the history. The crawl owns the census file (DuckDB allows one
// writer and no readers beside it in other processes), so readers never open it: after a crawl, this writes a
// new version directory and points current.json (current.ts) at it.
//
// <publishDir>/
//   current.json                        the pointer (format in current.ts)
//   2026-11-26T0312Z-1a2b3c4d/           one directory per version, complete before current.json names it
//     census.duckdb                      small: every census table but the growing ones, the stored weekly
//                                        rows, and an empty copy of each growing table (its columns)
//     weekly-state.duckdb                what the next publication carries of the weekly rows (weekly-carried.ts);
//                                        a hard link to the previous version's while the month's cut holds
//     partitions.json                    the growing tables' files, with what each was written from (layout.ts)
//     datasets/                          export.ts output: servers whole, the growing tables by month
//       snapshots/month=2026-11/part-0.parquet     hard links to the previous version's file while unchanged
//       csv/snapshots/month=2026-11/part-0.csv.gz
//       manifest.json, SHA256SUMS, datapackage.json, ...
//     .readers/                          leases of processes reading this version (leases.ts)
//   2026-11-25T0305Z-9f8e7d6c/           older versions, pruned beyond `keep` unless a live reader holds them
//
// Readers put views over a version (views.ts): the query functions see the same tables as in the census.
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { duckDbOptions } from '../../core/duckdb-resources.ts';
import { SCHEMA_VERSION } from '../../core/schema.ts';
import { connectionDb } from '../db.ts';
import { storeWeeklyJoins } from '../metrics/weekly.ts';
import { storeCarriedWeeklyJoins, type CarryResult } from '../metrics/weekly-carried.ts';
import { tempDirBeside } from './atomic-dir.ts';
import { quoteIdent } from './columns.ts';
import { DATABASE_FILE, DATASETS_DIR, defaultPublishDir, pointerFor, readCurrent, writeCurrent, type CurrentPointer } from './current.ts';
import { writeDataFiles, writeDocuments, type ExportSummary } from './export.ts';
import { historyStamp, readLayout, writeLayout, type VersionLayout } from './layout.ts';
import { isLeased } from './leases.ts';
import { linkOrCopy, PARTITIONED_TABLES } from './partitions.ts';
import { dataPageUrl } from './public-url.ts';
import { lockedOr } from './readonly.ts';
import { assertCensusFile } from '../../core/census-file.ts';
import { isVersionId } from './version.ts';
import { createVersionViews } from './views.ts';

export interface PublishOptions {
  /** The census. No process may have it open for writing (the crawl has closed it). */
  readonly dbPath: string;
  /** Defaults to `published/` beside the census file. */
  readonly publishDir?: string;
  /** Publication time: names the version and stamps current.json and the export. */
  readonly now: Date;
  /** Versions kept on disk, the current one included (>= 1). Older ones are deleted unless a reader holds them. */
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
  /** Partition files written anew, and linked unchanged from the previous version. */
  readonly partitions: { readonly written: number; readonly reused: number; readonly copied: number };
  /** Version directories deleted by pruning. */
  readonly pruned: readonly string[];
  /** How the weekly rows were computed: carried from the previous version, or from the whole history and why. */
  readonly weekly: CarryResult;
}

/** The census is attached under this name while a version is written; the new small database is `main`'s. */
const SOURCE = 'census_source';

export async function publishCensus(options: PublishOptions): Promise<PublishResult> {
  const keep = options.keep ?? 3;
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a whole number >= 1, not ${keep}`);
  const publishDir = path.resolve(options.publishDir ?? defaultPublishDir(options.dbPath));
  await mkdir(publishDir, { recursive: true });
  const census = path.resolve(options.dbPath);
  await assertCensusFile(census);
  const previous = await previousVersion(publishDir);

  const staging = await tempDirBeside(path.join(publishDir, 'staging'));
  try {
    const written = await withNewVersionDb(path.join(staging, DATABASE_FILE), async (connection, catalog) => {
      await attachCensus(connection, census);
      await copySmallTables(connection, catalog);
      await connection.run(`USE ${SOURCE}`);
      const data = await writeDataFiles({
        connection,
        dir: await mkdirp(path.join(staging, DATASETS_DIR)),
        formats: ['csv', 'parquet'],
        now: options.now,
        previous,
        homepage: options.siteUrl ? dataPageUrl(options.siteUrl) : null,
      });
      if (!data.dataAsOf) throw new Error(`the census ${options.dbPath} has no snapshots yet: nothing to publish`);
      await connection.run(`USE ${quoteIdent(catalog)}`);
      await connection.run(`DETACH ${SOURCE}`);
      await writeLayout(staging, data.layout);
      // From here on the connection reads the version itself: its small tables and its Parquet files.
      await createVersionViews(connection, { catalog, versionDir: staging, layout: data.layout, mode: 'publisher' });
      const weekly = await storeSlowFigures(connection, staging, data.dataAsOf, data.layout, previous?.versionDir ?? null);
      const summary = await writeDocuments(data, connectionDb(connection));
      for (const table of PARTITIONED_TABLES) await connection.run(`DROP VIEW IF EXISTS temp.main.${quoteIdent(table.name)}`);
      return { summary, partitions: data.partitions, weekly };
    });
    const version = written.summary.manifest.version;
    const versionDir = path.join(publishDir, version);
    if (await stat(versionDir).catch(() => null)) {
      throw new Error(`version ${version} is already published in ${publishDir} (same data, same minute)`);
    }
    await rename(staging, versionDir);
    const current = pointerFor(version, written.summary.manifest.dataAsOf!, options.now);
    await writeCurrent(publishDir, current);
    const pruned = await pruneVersions(publishDir, keep);
    const summary = { ...written.summary, outDir: path.join(versionDir, DATASETS_DIR) };
    return { version, publishDir, current, export: summary, partitions: written.partitions, pruned, weekly: written.weekly };
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw err;
  }
}

/** The current version's record and datasets, whose unchanged partitions the new version links. */
async function previousVersion(publishDir: string): Promise<{ layout: VersionLayout; versionDir: string; datasetsDir: string } | null> {
  const current = await readCurrent(publishDir).catch(() => null);
  if (!current) return null;
  const versionDir = path.join(publishDir, current.version);
  const layout = await readLayout(versionDir).catch(() => null);
  return layout ? { layout, versionDir, datasetsDir: path.join(versionDir, DATASETS_DIR) } : null;
}

async function mkdirp(dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  return dir;
}

/** Creates the version's small database, runs `work` on it (its catalog name given), checkpoints, closes. */
async function withNewVersionDb<T>(file: string, work: (connection: DuckDBConnection, catalog: string) => Promise<T>): Promise<T> {
  const instance = await DuckDBInstance.create(file, duckDbOptions());
  try {
    const connection = await instance.connect();
    try {
      const [row] = (await connection.runAndReadAll('SELECT current_database() AS name')).getRowObjects();
      const result = await work(connection, String(row?.name));
      await connection.run('CHECKPOINT');
      return result;
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
}

/**
 * Attaches the census read-only: its shared lock keeps a crawl from starting to write while the version is
 * written, and the attach fails clearly if one is writing now. A write-ahead log left by a crawl that did not
 * close cleanly is read as part of the census.
 */
async function attachCensus(connection: DuckDBConnection, census: string): Promise<void> {
  try {
    await connection.run(`ATTACH '${census.replaceAll("'", "''")}' AS ${SOURCE} (READ_ONLY)`);
  } catch (err) {
    throw lockedOr(err, census);
  }
  const [row] = (await connection.runAndReadAll(`SELECT max(version) AS v FROM ${SOURCE}.main.schema_version`)).getRowObjects();
  if (Number(row?.v) !== SCHEMA_VERSION) {
    throw new Error(`the census database ${census} has schema version ${String(row?.v)}; this fedicensus publishes version ${SCHEMA_VERSION}`);
  }
}

/**
 * Copies every census table into the small database but the growing ones, of which it keeps an empty copy
 * (their columns and types, for the readers' views). The small tables are what a crawl rewrites every night
 * (servers) or small by nature (runs, schema versions, and whatever a later migration adds).
 */
async function copySmallTables(connection: DuckDBConnection, catalog: string): Promise<void> {
  const growing = new Set(PARTITIONED_TABLES.map((t) => t.name as string));
  const tables = await connection.runAndReadAll(
    `SELECT table_name FROM duckdb_tables() WHERE database_name = $1 AND schema_name = 'main' ORDER BY table_name`,
    [SOURCE],
  );
  for (const row of tables.getRowObjects()) {
    const name = String(row.table_name);
    const limit = growing.has(name) ? ' LIMIT 0' : '';
    await connection.run(`CREATE TABLE ${quoteIdent(catalog)}.main.${quoteIdent(name)} AS SELECT * FROM ${SOURCE}.main.${quoteIdent(name)}${limit}`);
  }
}

/**
 * `<version>/weekly-state.duckdb`: what the next publication carries of the weekly rows. Only publishing reads
 * it; most nights it is the previous version's file, hard-linked (api/metrics/weekly-carried.ts).
 */
export const WEEKLY_STATE_FILE = 'weekly-state.duckdb';

/** Names under which the previous version's databases and the new state are attached while publishing. */
const ATTACHED = { database: 'previous_version', state: 'previous_weekly_state', next: 'weekly_state' } as const;

/**
 * Stores in the new version, before any reader can see it, the figures that need a pass over the history
 * (the weekly joins), computed over the version's own files (the connection has views over them), so readers
 * serve them as soon as they swap and every reader gets the same rows. What the previous version settled is
 * carried (api/metrics/weekly-carried.ts), so a night costs the last months, not the whole history.
 */
async function storeSlowFigures(connection: DuckDBConnection, versionDir: string, latestDay: string, layout: VersionLayout, previousDir: string | null): Promise<CarryResult> {
  const attached: string[] = [];
  const attach = async (file: string, name: string, readOnly: boolean): Promise<boolean> => {
    try {
      await connection.run(`ATTACH '${file.replaceAll("'", "''")}' AS ${name}${readOnly ? ' (READ_ONLY)' : ''}`);
      attached.push(name);
      return true;
    } catch (err) {
      if (!readOnly) throw err;
      return false; // gone or unreadable: the weekly rows are computed from the whole history instead
    }
  };
  const stateFile = path.join(versionDir, WEEKLY_STATE_FILE);
  let result: CarryResult;
  try {
    const previous = previousDir && (await attach(path.join(previousDir, DATABASE_FILE), ATTACHED.database, true))
      ? { database: ATTACHED.database, state: (await attach(path.join(previousDir, WEEKLY_STATE_FILE), ATTACHED.state, true)) ? ATTACHED.state : null }
      : null;
    await attach(stateFile, ATTACHED.next, false);
    const store = (from: typeof previous) =>
      storeCarriedWeeklyJoins(connectionDb(connection), { latestDay, previous: from, state: ATTACHED.next, historyStamp: (cut) => historyStamp(layout, cut) });
    try {
      result = await store(previous);
    } catch (err) {
      // A state this code cannot read must not stop every later publication: compute from the whole history,
      // and say why. (An error that is not about the state, a full disk, fails again here and is thrown.)
      if (!previous) throw err;
      const fresh = await store(null);
      result = { ...fresh, why: `the previous version's state could not be carried: ${err instanceof Error ? err.message : String(err)}` };
    }
  } finally {
    for (const name of attached.reverse()) await connection.run(`DETACH ${name}`);
  }
  if (!result.stateChanged && previousDir) {
    await rm(stateFile, { force: true });
    const kept = path.join(previousDir, WEEKLY_STATE_FILE);
    if (!(await linkOrCopy(kept, stateFile))) throw new Error(`${kept} disappeared while publishing`);
  }
  return result;
}

/**
 * Stores the weekly rows in a census file itself, opened read-write (the API benchmark's bare census, so its
 * server need not compute them at start-up). Publishing stores them in each version instead.
 */
export async function storeSlowFiguresInPlace(dbPath: string): Promise<void> {
  const instance = await DuckDBInstance.create(dbPath, duckDbOptions());
  try {
    const connection = await instance.connect();
    try {
      await storeWeeklyJoins(connectionDb(connection));
      await connection.run('CHECKPOINT');
    } finally {
      connection.closeSync();
    }
  } finally {
    instance.closeSync();
  }
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
 * step made it look older) nor one a live process holds a lease on (leases.ts): a reader reads a version's
 * Parquet files by name, so its version stays until it lets go. Files a kept version shares with a deleted
 * one are hard links, so deleting a version removes only its own names: the kept versions' files stay.
 */
export async function pruneVersions(publishDir: string, keep: number): Promise<string[]> {
  const current = (await readCurrent(publishDir))?.version;
  const others = (await listVersions(publishDir)).filter((v) => v !== current);
  const room = current ? keep - 1 : keep;
  const doomed: string[] = [];
  for (const version of others.slice(Math.max(0, room))) {
    const dir = path.join(publishDir, version);
    if (await isLeased(dir)) continue;
    await rm(dir, { recursive: true, force: true });
    doomed.push(version);
  }
  return doomed;
}

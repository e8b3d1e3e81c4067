// Where the API's data comes from, and how it changes without a restart (docs/architecture.md).
//
// DuckDB allows one read-write process or several read-only ones, never both, so the API never opens the
// census the crawl writes. After each crawl, api/publish/ copies the closed census into
// <publishDir>/<version>/census.duckdb and atomically replaces <publishDir>/current.json. This source
// polls that pointer; when it names a new version it opens the copy READ_ONLY, checks its schema, warms it
// (the cheap answers: latest day, summary), then swaps. Requests already running finish on the old
// snapshot, which closes when its last request is done.
//
// Figures that need a scan of the whole history (the weekly joins) are stored in a publication when it is
// made; the API still "prepares" them after the swap, in the background (reading the stored rows, or
// computing them from a bare census file); until they are ready, requests for them are answered from the
// previous snapshot (with its version in the ETag), so no request waits. At start-up, start() waits for the
// preparation so the first request is never cold.
//
// With nothing published yet it can open a census file directly, read-only (tests, simple use). While it
// holds that file no crawl can open it for writing, hence the warning; it swaps to a published snapshot as
// soon as one appears.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { OLDEST_READABLE_SCHEMA_VERSION, SCHEMA_VERSION } from '../core/schema.ts';
import { readCurrent } from './publish/current.ts';
import { openReadOnlyDb } from './db.ts';
import { latestDay } from './metrics/summary.ts';
import { AnswerCache, type AnswerCacheStats } from './answer-cache.ts';
import { CensusSnapshot, type SnapshotInfo } from './snapshot.ts';

export type SourceLogger = Pick<Logger, 'info' | 'warn' | 'error' | 'debug'>;

export interface Timers {
  setInterval(callback: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
}

export interface CensusSourceOptions {
  /** Where published snapshots and current.json live; null to read `dbPath` only. */
  readonly publishDir: string | null;
  /** A census file to open directly (read-only) while nothing is published; null for none. */
  readonly dbPath: string | null;
  readonly logger: SourceLogger;
  /** How often current.json is checked. Default 2 s: the new day is served well within 30 s. */
  readonly pollMs?: number;
  /** Injected for tests; default the global timers (unref'd, so polling never keeps the process alive). */
  readonly timers?: Timers;
  /** Computes the cheap first answers on the new snapshot, before it is swapped in. */
  readonly warm?: (snapshot: CensusSnapshot) => Promise<void>;
  /** Computes the expensive figures on the new snapshot after the swap; `use(work, 'prepared')` waits for it. */
  readonly prepare?: (snapshot: CensusSnapshot) => Promise<void>;
  /** DuckDB connections per snapshot (concurrent queries). */
  readonly connections?: number;
  /** Bytes of answers kept across all open snapshots (answer-cache.ts); default 16 MiB. */
  readonly answerCacheBytes?: number;
}

export class NoCensusError extends Error {}

const defaultTimers: Timers = {
  setInterval(callback, ms) {
    const handle = setInterval(callback, ms);
    handle.unref();
    return handle;
  },
  clearInterval(handle) {
    clearInterval(handle as NodeJS.Timeout);
  },
};

/** Which snapshot a request wants: the newest, or the newest whose expensive figures are prepared. */
export type Readiness = 'current' | 'prepared';

export class CensusSource {
  private snapshot: CensusSnapshot | null = null;
  private prepared: CensusSnapshot | null = null;
  private preparing: Promise<void> = Promise.resolve();
  private refreshing: Promise<boolean> | null = null;
  private timer: unknown = null;
  private closed = false;
  private readonly answers: AnswerCache;

  private constructor(private readonly options: CensusSourceOptions) {
    this.answers = new AnswerCache(options.answerCacheBytes);
  }

  /** Opens whatever is current now (possibly nothing yet) and starts polling. */
  static async start(options: CensusSourceOptions): Promise<CensusSource> {
    const source = new CensusSource(options);
    await source.refresh();
    await source.preparing;
    const timers = options.timers ?? defaultTimers;
    source.timer = timers.setInterval(() => void source.refresh(), options.pollMs ?? 2000);
    return source;
  }

  /** The snapshot being served, or null when there is nothing to serve yet. */
  current(): SnapshotInfo | null {
    return this.snapshot?.info ?? null;
  }

  /** What the answer cache holds now, against its budget. */
  cacheStats(): AnswerCacheStats {
    return this.answers.stats();
  }

  /** Settles when the newest snapshot's expensive figures are prepared (tests, benchmarks). */
  whenPrepared(): Promise<void> {
    return this.preparing;
  }

  /** Runs `work` on a snapshot, keeping it open until `work` is done even if a swap happens. */
  use<T>(work: (snapshot: CensusSnapshot) => Promise<T>, readiness: Readiness = 'current'): Promise<T> {
    const snapshot = readiness === 'prepared' ? (this.prepared ?? this.snapshot) : this.snapshot;
    if (!snapshot) return Promise.reject(new NoCensusError('no census has been published yet'));
    return snapshot.use(work);
  }

  /** Checks for a newer snapshot and swaps to it; true when it swapped. Never throws: errors are logged. */
  refresh(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    this.refreshing ??= this.check().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer !== null) (this.options.timers ?? defaultTimers).clearInterval(this.timer);
    await this.refreshing;
    await this.preparing;
    this.prepared?.retire();
    this.snapshot?.retire();
    this.snapshot = null;
    this.prepared = null;
  }

  private async check(): Promise<boolean> {
    const { publishDir, dbPath, logger } = this.options;
    try {
      const pointer = publishDir ? await readCurrent(publishDir) : null;
      if (pointer && publishDir) {
        if (pointer.version === this.snapshot?.info.version) return false;
        const file = path.join(publishDir, pointer.database);
        return await this.swap({ version: pointer.version, dataAsOf: pointer.dataAsOf, path: file });
      }
      if (!dbPath || (this.snapshot && !this.snapshot.info.version.startsWith('file-'))) return false;
      const info = await stat(dbPath).catch(() => null);
      if (!info?.isFile()) return false;
      const version = `file-${Math.trunc(info.mtimeMs).toString(36)}-${info.size.toString(36)}`;
      if (version === this.snapshot?.info.version) return false;
      if (!this.snapshot) {
        logger.warn(
          { dbPath, publishDir },
          'nothing published yet: reading the census file directly; a crawl cannot write it while the API has it open',
        );
      }
      return await this.swap({ version, dataAsOf: null, path: dbPath });
    } catch (err) {
      logger.error({ err }, 'census snapshot check failed; still serving the previous snapshot');
      return false;
    }
  }

  private async swap(target: SnapshotInfo): Promise<boolean> {
    const db = await openReadOnlyDb(target.path, this.options.connections ?? 4);
    let snapshot: CensusSnapshot;
    try {
      const rows = await db.all(`SELECT max(version) AS v FROM schema_version`);
      const schema = Number(rows[0]?.v ?? 0);
      if (schema < OLDEST_READABLE_SCHEMA_VERSION || schema > SCHEMA_VERSION) {
        throw new Error(
          `${target.path} has census schema version ${schema}; this API reads versions ${OLDEST_READABLE_SCHEMA_VERSION} to ${SCHEMA_VERSION}`,
        );
      }
      const dataAsOf = target.dataAsOf ?? (await latestDay(db));
      snapshot = new CensusSnapshot({ ...target, dataAsOf }, db, this.answers);
      const started = Date.now();
      await this.options.warm?.(snapshot);
      this.options.logger.debug({ version: target.version, ms: Date.now() - started }, 'snapshot warmed');
    } catch (err) {
      db.close();
      throw err;
    }
    if (this.closed) {
      snapshot.retire();
      return false;
    }
    const previous = this.snapshot;
    this.snapshot = snapshot;
    if (previous) this.release(previous);
    this.options.logger.info(
      { version: snapshot.info.version, dataAsOf: snapshot.info.dataAsOf, previous: previous?.info.version ?? null },
      'serving census snapshot',
    );
    this.preparing = this.prepare(snapshot);
    return true;
  }

  /** Prepares the expensive figures, then makes the snapshot the one 'prepared' requests use. */
  private async prepare(snapshot: CensusSnapshot): Promise<void> {
    const started = Date.now();
    try {
      await this.options.prepare?.(snapshot);
      this.options.logger.info({ version: snapshot.info.version, ms: Date.now() - started }, 'snapshot prepared');
    } catch (err) {
      // Requests will compute what they need on demand: slower, still correct.
      this.options.logger.error({ err, version: snapshot.info.version }, 'snapshot preparation failed');
    }
    if (snapshot.isClosed || this.snapshot !== snapshot) return; // superseded meanwhile
    const previous = this.prepared;
    this.prepared = snapshot;
    if (previous && previous !== snapshot) this.release(previous);
  }

  /** Retires a snapshot once neither the current nor the prepared slot holds it. */
  private release(snapshot: CensusSnapshot): void {
    if (snapshot !== this.snapshot && snapshot !== this.prepared) snapshot.retire();
  }
}

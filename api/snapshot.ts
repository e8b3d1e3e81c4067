// One open, immutable census snapshot: a read-only database, its data version, and a memo of values
// computed from it. Because the data never changes while it is open, anything computed from it (a
// response body, the weekly rows) is valid until the snapshot is retired, which is what makes warm
// requests cheap and the ETag honest.
import { AnswerCache } from './answer-cache.ts';
import type { Db, ReadOnlyDb, PlainRow, SqlParam } from './db.ts';

export interface SnapshotInfo {
  /** The data version: the published version name, or `file-<mtime>-<size>` for a census opened directly. */
  readonly version: string;
  /** The latest day in the data (YYYY-MM-DD), null for an empty census. */
  readonly dataAsOf: string | null;
  readonly path: string;
}

// remember() is for values of which a snapshot has a fixed few (latest day, data extent, weekly rows):
// anything keyed by request parameters goes through cached(), which counts bytes against a budget.
const MEMO_LIMIT = 64;

let snapshotCount = 0;

export class CensusSnapshot implements Db {
  private readonly memo = new Map<string, Promise<unknown>>();
  // Identifies this snapshot's entries in the shared cache (two snapshots may carry one version name).
  private readonly owner: string;
  private inFlight = 0;
  private retired = false;
  private closed = false;

  constructor(
    readonly info: SnapshotInfo,
    private readonly db: ReadOnlyDb,
    private readonly answers: AnswerCache = new AnswerCache(),
  ) {
    this.owner = `${++snapshotCount}:${info.version}`;
  }

  all(sql: string, params?: readonly SqlParam[]): Promise<PlainRow[]> {
    return this.db.all(sql, params);
  }

  /**
   * The value computed once per key for this snapshot, for the few values every request builds on (keys
   * never come from request parameters). A failed computation is forgotten so a later request retries it.
   */
  remember<T>(key: string, compute: () => Promise<T>): Promise<T> {
    const held = this.memo.get(key);
    if (held) return held as Promise<T>;
    const promise = compute();
    this.memo.set(key, promise);
    promise.catch(() => this.memo.delete(key));
    if (this.memo.size > MEMO_LIMIT) {
      const oldest = this.memo.keys().next().value;
      if (oldest !== undefined) this.memo.delete(oldest);
    }
    return promise;
  }

  /**
   * A value computed from request parameters (an answer's bytes, a day's summary), kept within the API's
   * byte budget (answer-cache.ts) while this snapshot is open; `sizeOf` says what it weighs.
   */
  cached<T>(key: string, compute: () => Promise<T>, sizeOf: (value: T) => number): Promise<T> {
    return this.answers.get(this.owner, key, compute, sizeOf);
  }

  /** Runs `work` against this snapshot; a retired snapshot closes only when its last user is done. */
  async use<T>(work: (snapshot: CensusSnapshot) => Promise<T>): Promise<T> {
    this.inFlight++;
    try {
      return await work(this);
    } finally {
      this.inFlight--;
      if (this.retired && this.inFlight === 0) this.closeNow();
    }
  }

  /** Marks the snapshot replaced: it closes now if idle, else after its in-flight requests finish. */
  retire(): void {
    this.retired = true;
    if (this.inFlight === 0) this.closeNow();
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private closeNow(): void {
    if (this.closed) return;
    this.closed = true;
    this.memo.clear();
    this.answers.drop(this.owner);
    this.db.close();
  }
}

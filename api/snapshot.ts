// One open, immutable census snapshot: a read-only database, its data version, and a memo of values
// computed from it. Because the data never changes while it is open, anything computed from it (a
// response body, the weekly rows) is valid until the snapshot is retired, which is what makes warm
// requests cheap and the ETag honest.
import type { Db, ReadOnlyDb, PlainRow, SqlParam } from './db.ts';

export interface SnapshotInfo {
  /** The data version: the published version name, or `file-<mtime>-<size>` for a census opened directly. */
  readonly version: string;
  /** The latest day in the data (YYYY-MM-DD), null for an empty census. */
  readonly dataAsOf: string | null;
  readonly path: string;
}

const MEMO_LIMIT = 5000;

export class CensusSnapshot implements Db {
  private readonly memo = new Map<string, Promise<unknown>>();
  private inFlight = 0;
  private retired = false;
  private closed = false;

  constructor(
    readonly info: SnapshotInfo,
    private readonly db: ReadOnlyDb,
  ) {}

  all(sql: string, params?: readonly SqlParam[]): Promise<PlainRow[]> {
    return this.db.all(sql, params);
  }

  /**
   * The value computed once per key for this snapshot. A failed computation is forgotten so a later
   * request retries it. The memo is bounded (oldest first out): keys come from validated parameters, but
   * there are many valid ones.
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
    this.db.close();
  }
}

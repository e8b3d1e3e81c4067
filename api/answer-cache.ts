// The API's memory bound: every answer it keeps (serialised bodies, their gzip, per-day summaries) lives
// here, counted in bytes against one budget shared by all open snapshots, least recently used out first.
// A count of entries bounds nothing when one answer can be 6 MB (issue #12); a byte budget does, whatever
// the request pattern. Computations under way are shared (concurrent identical requests run one query)
// and not counted: their number is bounded by the connections being served.

/**
 * Default budget: 16 MiB. With it the API under a 256 MB V8 heap cap stayed under 400 MB of RSS in the flood
 * benchmark (with 64 MiB: 426 MB); it still holds hundreds of the largest answers (docs/benchmarks.md).
 */
export const DEFAULT_ANSWER_CACHE_BYTES = 16 * 1024 * 1024;

interface Entry {
  readonly owner: string;
  readonly value: unknown;
  readonly bytes: number;
}

export interface AnswerCacheStats {
  readonly entries: number;
  readonly bytes: number;
  readonly budget: number;
}

export class AnswerCache {
  // Map order is insertion order: a hit re-inserts its entry, so the first key is the least recently used.
  private readonly entries = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<unknown>>();
  private total = 0;

  constructor(readonly budget: number = DEFAULT_ANSWER_CACHE_BYTES) {
    if (!Number.isFinite(budget) || budget < 0) throw new RangeError(`answer cache budget must be >= 0 bytes, got ${budget}`);
  }

  /**
   * The value kept for `owner`/`key`, else computed once (concurrent callers share the computation) and
   * kept when `sizeOf` says it fits the budget. A failed computation is not kept.
   */
  get<T>(owner: string, key: string, compute: () => Promise<T>, sizeOf: (value: T) => number): Promise<T> {
    const id = `${owner}\u0000${key}`;
    const held = this.entries.get(id);
    if (held) {
      this.entries.delete(id);
      this.entries.set(id, held);
      return Promise.resolve(held.value as T);
    }
    const running = this.pending.get(id);
    if (running) return running as Promise<T>;
    const promise = compute().then(
      (value) => {
        this.pending.delete(id);
        this.keep(id, owner, value, sizeOf(value));
        return value;
      },
      (err: unknown) => {
        this.pending.delete(id);
        throw err;
      },
    );
    this.pending.set(id, promise);
    return promise;
  }

  /** Forgets everything an owner (a closed snapshot) kept. */
  drop(owner: string): void {
    for (const [id, entry] of this.entries) {
      if (entry.owner === owner) {
        this.entries.delete(id);
        this.total -= entry.bytes;
      }
    }
  }

  stats(): AnswerCacheStats {
    return { entries: this.entries.size, bytes: this.total, budget: this.budget };
  }

  private keep(id: string, owner: string, value: unknown, bytes: number): void {
    // An answer larger than the whole budget is served but not kept.
    if (bytes > this.budget || this.entries.has(id)) return;
    while (this.total + bytes > this.budget) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.total -= this.entries.get(oldest.value)!.bytes;
      this.entries.delete(oldest.value);
    }
    this.entries.set(id, { owner, value, bytes });
    this.total += bytes;
  }
}

/** Bytes a JSON-like value takes once serialised: a fair proxy for what it holds in memory. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value) ?? '');
}

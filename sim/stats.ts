// What the simulated fediverse saw, per host: every request (path, method, user agent, order) and the most
// requests it had in flight at once, so tests can prove politeness (one at a time, <= 12, robots honoured).

export interface SimRequestRecord {
  readonly host: string;
  readonly method: string;
  /** Path and query as sent. */
  readonly path: string;
  readonly userAgent: string | undefined;
  /** Wall-clock arrival, for ordering only (never for timed assertions). */
  readonly at: Date;
}

export interface SimHostStats {
  readonly requests: readonly SimRequestRecord[];
  /** The most requests this host had in flight at the same moment. */
  readonly maxInFlight: number;
  /** TLS handshakes refused for this name (dead, not yet created, or unknown). */
  readonly refusedHandshakes: number;
}

export interface SimStats {
  /** Stats of one host name (an empty record for a name never contacted). */
  host(name: string): SimHostStats;
  /** Names that saw a request or a refused handshake, sorted. */
  hostNames(): readonly string[];
  readonly totalRequests: number;
  /**
   * Refused handshakes as the simulator timed them, from the TCP connection's arrival to the handshake's
   * failure (the simulated latency plus the simulator's own delays): benchmarks report how much of a dead
   * host's time the simulator itself adds when it shares the machine with the crawler.
   */
  readonly refusedTiming: { readonly count: number; readonly totalMs: number };
  /** Forget everything (e.g. between two crawls). */
  reset(): void;
}

interface MutableHostStats {
  requests: SimRequestRecord[];
  inFlight: number;
  maxInFlight: number;
  refusedHandshakes: number;
  /** Paths asked in the current crawl epoch (for 429 on first try). */
  askedPaths: Set<string>;
}

const EMPTY: SimHostStats = { requests: [], maxInFlight: 0, refusedHandshakes: 0 };

export class StatsRecorder implements SimStats {
  private byHost = new Map<string, MutableHostStats>();
  private total = 0;
  private refusedCount = 0;
  private refusedMs = 0;

  private entry(name: string): MutableHostStats {
    let e = this.byHost.get(name);
    if (!e) {
      e = { requests: [], inFlight: 0, maxInFlight: 0, refusedHandshakes: 0, askedPaths: new Set() };
      this.byHost.set(name, e);
    }
    return e;
  }

  /** Records a request's arrival; call the returned function once when its response closes. */
  begin(record: SimRequestRecord): () => void {
    const e = this.entry(record.host);
    e.requests.push(record);
    e.inFlight++;
    e.maxInFlight = Math.max(e.maxInFlight, e.inFlight);
    this.total++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      e.inFlight--;
    };
  }

  /** True the first time a host is asked for `path` in this crawl epoch; records the ask. */
  firstTry(host: string, path: string): boolean {
    const e = this.entry(host);
    if (e.askedPaths.has(path)) return false;
    e.askedPaths.add(path);
    return true;
  }

  /** A new simulated day: rate limits start afresh, recorded requests stay. */
  newEpoch(): void {
    for (const e of this.byHost.values()) e.askedPaths.clear();
  }

  refused(name: string): void {
    this.entry(name).refusedHandshakes++;
  }

  refusedTook(ms: number): void {
    this.refusedCount++;
    this.refusedMs += ms;
  }

  get refusedTiming(): { readonly count: number; readonly totalMs: number } {
    return { count: this.refusedCount, totalMs: this.refusedMs };
  }

  host(name: string): SimHostStats {
    const e = this.byHost.get(name.toLowerCase());
    return e ? { requests: [...e.requests], maxInFlight: e.maxInFlight, refusedHandshakes: e.refusedHandshakes } : EMPTY;
  }

  hostNames(): readonly string[] {
    return [...this.byHost.keys()].sort();
  }

  get totalRequests(): number {
    return this.total;
  }

  reset(): void {
    // Keep in-flight counters of live entries truthful: only drop history, not open requests.
    for (const [name, e] of this.byHost) {
      if (e.inFlight === 0) this.byHost.delete(name);
      else {
        e.requests = [];
        e.maxInFlight = e.inFlight;
        e.refusedHandshakes = 0;
        e.askedPaths.clear();
      }
    }
    this.total = 0;
    this.refusedCount = 0;
    this.refusedMs = 0;
  }
}

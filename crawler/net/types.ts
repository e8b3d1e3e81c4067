// The crawler's view of HTTP: one polite session per server. Implementations live beside this file;
// the crawl orchestrator (crawler/crawl.ts) depends only on these types.

/** Why a request produced no usable body. */
export type FetchFailureKind =
  | 'unreachable' // DNS failure, refused, reset, TLS failure, refused address (private, loopback, ...)
  | 'timeout' // connect, headers or body timeout, or the server's time budget ran out
  | 'disallowed' // robots.txt (RFC 9309) forbids the path for `fedicensus` or `*`, or Crawl-delay exceeds the budget
  | 'http' // a status other than 2xx after redirects (status set)
  | 'too_large' // body over the cap for this kind of document
  | 'invalid' // not JSON where JSON was expected, HTML parking page, bad redirect (loop, > 5, other host, not https)
  | 'budget'; // the per-server request cap (12) is used up

export interface FetchFailure {
  readonly ok: false;
  readonly kind: FetchFailureKind;
  readonly status?: number;
  /** Human-readable, e.g. "HTTP 503 on /.well-known/nodeinfo" or "refused address 10.0.0.1". */
  readonly message: string;
  /** For a redirect to another host (not followed): that host; `status` is the redirect's status. */
  readonly redirectTo?: string;
}

export interface FetchSuccess<T> {
  readonly ok: true;
  readonly status: number;
  /** The URL finally answered, after same-host redirects. */
  readonly url: string;
  readonly body: T;
}

export type FetchResult<T> = FetchSuccess<T> | FetchFailure;

export interface RequestOptions {
  /** Body size cap in bytes; the session's default applies when absent. */
  readonly maxBytes?: number;
  readonly method?: 'GET' | 'POST';
  /** JSON body for POST (Misskey's API). */
  readonly json?: unknown;
}

/**
 * All requests to one server go through one session: one request at a time, robots.txt checked first for
 * each host it touches, at most `maxRequests` requests, a time budget, 429/Retry-After honoured within it.
 */
export interface HostSession {
  readonly domain: string;
  /** `pathOrUrl` is a path on `domain` or an absolute https URL (the caller decides which hosts are acceptable). */
  getJson(pathOrUrl: string, options?: RequestOptions): Promise<FetchResult<unknown>>;
  getText(pathOrUrl: string, options?: RequestOptions): Promise<FetchResult<string>>;
  /** Requests made so far, including robots.txt and redirects. */
  readonly requestCount: number;
}

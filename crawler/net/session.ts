// One polite session per server (crawler/net/types.ts HostSession). Everything here exists so that an admin
// never has reason to complain: one request at a time, robots.txt before anything else on each host, Crawl-delay
// and Retry-After honoured, a hard cap on requests and on time, redirects only within the origin (robots.txt
// excepted: its redirects are followed across hosts, as RFC 9309 asks).
import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { declaredTooLarge, decodeJson, decodeText, readCapped } from './body.ts';
import { failure, failureFromError } from './failures.ts';
import {
  ROBOTS_MAX_BYTES,
  robotsPolicyFromFailure,
  robotsPolicyFromResponse,
  type RobotsPolicy,
} from './robots.ts';
import type { FetchFailure, FetchResult, HostSession, RequestOptions } from './types.ts';

/** NodeInfo, robots.txt and software API documents. Peer lists need more: callers pass PEER_LIST_MAX_BYTES. */
const DEFAULT_MAX_BYTES = 256 * 1024;
export const PEER_LIST_MAX_BYTES = 16 * 1024 * 1024;
export const MAX_REQUESTS_PER_SERVER = 12;
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = { json: 'application/json, */*;q=0.1', text: 'text/plain, */*;q=0.1' } as const;

export interface HostSessionOptions {
  /** The server's name (lower-case, IDNA-encoded); paths are resolved against https://domain. */
  readonly domain: string;
  /** Normally createDispatcher()'s Agent, whose connector applies the address guard and --connect-to. */
  readonly dispatcher: Dispatcher;
  readonly userAgent: string;
  /** Time budget for the whole server, from its first request; in-flight requests are aborted at the deadline. */
  readonly timeoutMs: number;
  /** Requests including robots.txt, redirect hops and a 429 retry. */
  readonly maxRequests?: number;
  readonly defaultMaxBytes?: number;
  /** Milliseconds since the epoch; injected so Crawl-delay and Retry-After can be tested without waiting. */
  readonly now?: () => number;
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Cancels the session (e.g. the crawl is shutting down). */
  readonly signal?: AbortSignal;
}

interface HostState {
  robots?: RobotsPolicy | FetchFailure;
  /** When the last request to this host finished; Crawl-delay counts from here. */
  lastDoneAt?: number;
}

interface Plan {
  readonly method: 'GET' | 'POST';
  readonly body?: string;
  readonly accept: string;
  readonly maxBytes: number;
  /** Keep the first maxBytes instead of failing (robots.txt, RFC 9309 section 2.5). */
  readonly truncate: boolean;
}

const ROBOTS_PLAN: Plan = { method: 'GET', accept: ACCEPT.text, maxBytes: ROBOTS_MAX_BYTES, truncate: true };

interface Answer {
  readonly ok: true;
  readonly status: number;
  readonly url: URL;
  readonly contentType: string | undefined;
  /** Only read for 2xx; empty otherwise. */
  readonly bytes: Buffer;
}

export function createHostSession(options: HostSessionOptions): HostSession {
  const domain = options.domain.toLowerCase();
  const maxRequests = options.maxRequests ?? MAX_REQUESTS_PER_SERVER;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number, signal?: AbortSignal) => delay(ms, undefined, { signal }));
  const hosts = new Map<string, HostState>();
  let requestCount = 0;
  let deadline: number | undefined;
  let tail: Promise<unknown> = Promise.resolve();

  const remaining = (): number => (deadline ?? now() + options.timeoutMs) - now();
  const where = (url: URL): string => (url.host === domain ? url.pathname + url.search : url.href);

  // A promise chain: each call starts when the previous one has finished, whatever its outcome.
  function serialise<T>(task: () => Promise<T>): Promise<T> {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  }

  async function fetchDocument(pathOrUrl: string, requestOptions: RequestOptions, mode: 'json' | 'text') {
    deadline ??= now() + options.timeoutMs;
    const url = resolve(pathOrUrl);
    if (!url.ok) return url;
    try {
      const maxBytes = requestOptions.maxBytes ?? options.defaultMaxBytes ?? DEFAULT_MAX_BYTES;
      const method = requestOptions.method ?? 'GET';
      const body = method === 'POST' ? JSON.stringify(requestOptions.json ?? {}) : undefined;
      const plan: Plan = { method, accept: ACCEPT[mode], maxBytes, truncate: false, ...(body === undefined ? {} : { body }) };
      const answer = await fetchFollowing(url.url, plan);
      if (!answer.ok) return answer;
      if (answer.status < 200 || answer.status > 299) {
        return failure('http', `HTTP ${answer.status} on ${where(answer.url)}`, answer.status);
      }
      if (mode === 'text') return success(answer, decodeText(answer.bytes));
      const json = decodeJson(answer.bytes, answer.contentType);
      return json.ok ? success(answer, json.value) : failure('invalid', `${json.reason} on ${where(answer.url)}`);
    } catch (err) {
      return failureFromError(err, where(url.url), false, options.timeoutMs);
    }
  }

  function resolve(pathOrUrl: string): { ok: true; url: URL } | FetchFailure {
    let url: URL;
    try {
      // Concatenate rather than resolve, so "//other.host/x" stays a path on this server.
      url = new URL(pathOrUrl.startsWith('/') ? `https://${domain}${pathOrUrl}` : pathOrUrl);
    } catch {
      return failure('invalid', `not a URL: ${pathOrUrl}`);
    }
    if (url.protocol !== 'https:') return failure('invalid', `not https: ${url.href}`);
    if (url.username || url.password) return failure('invalid', `URL with credentials refused: ${url.host}`);
    url.hash = '';
    return { ok: true, url };
  }

  /**
   * Redirects within the origin (same name and port: another port is another service), each hop checked
   * against robots.txt and counted, each connection guarded. `acrossHosts` (robots.txt only, RFC 9309
   * section 2.3.1.2) follows them to other names too, still https on the default port, still guarded: the
   * connector checks the address of every new connection (dispatcher.ts).
   */
  async function fetchFollowing(start: URL, plan: Plan, checkRobots = true, acrossHosts = false): Promise<Answer | FetchFailure> {
    const seen = new Set<string>();
    let url = start;
    for (let hops = 0; ; hops++) {
      if (checkRobots) {
        const policy = await robotsFor(url.host);
        if ('ok' in policy) return policy;
        if (!policy.isAllowed(url)) {
          const via = hops === 0 ? '' : ` (redirected from ${where(start)})`;
          return failure('disallowed', `robots.txt disallows ${where(url)}${via}`);
        }
      }
      seen.add(url.href);
      const answer = await requestOnce(url, plan);
      if (!answer.ok || answer.location === undefined) return answer;
      let next: URL;
      try {
        next = new URL(answer.location, url);
      } catch {
        return failure('invalid', `bad redirect Location on ${where(url)}`);
      }
      next.hash = '';
      if (next.protocol !== 'https:') return failure('invalid', `redirect to non-https ${next.href} from ${where(url)}`);
      if (next.hostname === url.hostname && next.port !== url.port) {
        // Same name, another port: another service (a database, a mail server), never this one's documents.
        return failure('invalid', `redirect to another port ${next.host} from ${where(url)}`, answer.status);
      }
      if (next.hostname !== url.hostname && !(acrossHosts && next.port === '')) {
        // Not followed (it could aim the crawler at a third party), but reported: a permanent one means moved.
        return { ...failure('invalid', `redirect to another host ${next.host} from ${where(url)}`, answer.status), redirectTo: next.hostname };
      }
      if (seen.has(next.href)) return failure('invalid', `redirect loop at ${where(next)}`);
      if (hops >= MAX_REDIRECTS) return failure('invalid', `more than ${MAX_REDIRECTS} redirects from ${where(start)}`);
      url = next;
    }
  }

  /** RFC 9309: fetched once per host (scheme, name and port) before any other request to it. */
  async function robotsFor(host: string): Promise<RobotsPolicy | FetchFailure> {
    const state = hostState(host);
    if (state.robots === undefined) {
      const origin = `https://${host}`;
      // Redirects are followed across hosts and the final answer applies to this host (RFC 9309 2.3.1.2).
      const answer = await fetchFollowing(new URL('/robots.txt', origin), ROBOTS_PLAN, false, true);
      state.robots = answer.ok
        ? robotsPolicyFromResponse(origin, { status: answer.status, text: decodeText(answer.bytes) })
        : robotsPolicyFromFailure(answer);
    }
    return state.robots;
  }

  function hostState(host: string): HostState {
    let state = hosts.get(host);
    if (!state) hosts.set(host, (state = {}));
    return state;
  }

  /** One HTTP exchange (plus at most one retry after a 429), within the cap, Crawl-delay and the deadline. */
  async function requestOnce(url: URL, plan: Plan, retried = false): Promise<(Answer & { location?: string }) | FetchFailure> {
    if (requestCount >= maxRequests) return failure('budget', `request cap of ${maxRequests} reached before ${where(url)}`);
    const state = hostState(url.host);
    const crawlDelayMs = state.robots && !('ok' in state.robots) ? state.robots.crawlDelayMs : undefined;
    if (crawlDelayMs !== undefined && state.lastDoneAt !== undefined) {
      const wait = state.lastDoneAt + crawlDelayMs - now();
      if (wait >= remaining()) {
        return failure('disallowed', `Crawl-delay of ${crawlDelayMs / 1000} s does not fit in the time budget before ${where(url)}`);
      }
      if (wait > 0 && !(await pause(wait))) return failure('timeout', `cancelled before ${where(url)}`);
    }
    const left = remaining();
    if (left <= 0) return failure('timeout', `time budget of ${options.timeoutMs} ms ran out before ${where(url)}`);
    requestCount++;
    const budget = AbortSignal.timeout(left);
    const signal = options.signal ? AbortSignal.any([budget, options.signal]) : budget;
    try {
      const response = await options.dispatcher.request({
        origin: url.origin,
        path: url.pathname + url.search,
        method: plan.method,
        headers: {
          'user-agent': options.userAgent,
          accept: plan.accept,
          // No compression: the size cap then bounds memory exactly, with no decompression bomb to worry about.
          'accept-encoding': 'identity',
          ...(plan.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: plan.body ?? null,
        signal,
      });
      const { statusCode: status, headers } = response;
      const contentType = typeof headers['content-type'] === 'string' ? headers['content-type'] : undefined;
      const location = typeof headers.location === 'string' ? headers.location : undefined;
      const empty: Answer = { ok: true, status, url, contentType, bytes: Buffer.alloc(0) };
      if (status < 200 || status > 299) {
        await response.body.dump({ limit: 64 * 1024, signal }).catch(() => undefined);
        if (REDIRECT_STATUSES.has(status) && location !== undefined) return { ...empty, location };
        if (status === 429 && !retried) {
          const wait = retryAfterMs(headers['retry-after'], now());
          state.lastDoneAt = now();
          // Retry once, only when told when, and only when the wait leaves time for the retry itself.
          if (wait !== undefined && wait < remaining() && requestCount < maxRequests) {
            if (wait > 0 && !(await pause(wait))) return failure('timeout', `cancelled before ${where(url)}`);
            return requestOnce(url, plan, true);
          }
        }
        return empty;
      }
      if (declaredTooLarge(headers['content-length'], plan.maxBytes) && !plan.truncate) {
        response.body.destroy();
        return failure('too_large', `body over ${plan.maxBytes} bytes on ${where(url)}`);
      }
      const read = await readCapped(response.body, plan.maxBytes, plan.truncate);
      if (!read.ok) return failure('too_large', `body over ${plan.maxBytes} bytes on ${where(url)}`);
      return { ...empty, bytes: read.bytes };
    } catch (err) {
      if (options.signal?.aborted && !budget.aborted) return failure('timeout', `cancelled on ${where(url)}`);
      return failureFromError(err, where(url), budget.aborted, options.timeoutMs);
    } finally {
      state.lastDoneAt = now();
    }
  }

  async function pause(ms: number): Promise<boolean> {
    try {
      await sleep(ms, options.signal);
      return true;
    } catch {
      return false;
    }
  }

  return {
    domain,
    getJson: (pathOrUrl, requestOptions = {}) =>
      serialise(() => fetchDocument(pathOrUrl, requestOptions, 'json')) as Promise<FetchResult<unknown>>,
    getText: (pathOrUrl, requestOptions = {}) =>
      serialise(() => fetchDocument(pathOrUrl, requestOptions, 'text')) as Promise<FetchResult<string>>,
    get requestCount() {
      return requestCount;
    },
  };
}

function success<T>(answer: Answer, body: T): FetchResult<T> {
  return { ok: true, status: answer.status, url: answer.url.href, body };
}

/** Retry-After (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date; undefined when absent or unreadable. */
export function retryAfterMs(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

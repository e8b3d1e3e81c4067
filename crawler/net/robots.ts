// robots.txt per RFC 9309, decided by robots-parser 3 for our product token (falling back to `*`, as the
// library does). How the HTTP outcome of fetching /robots.txt maps to a policy is RFC 9309 section 2.3.1:
// 2xx: parse; 4xx: "unavailable", everything allowed; 5xx or network failure: "unreachable", assume complete
// disallow (here: a failure, so the server is recorded as unreachable and nothing else is requested).
import robotsParserModule from 'robots-parser';
import { failure } from './failures.ts';
import type { FetchFailure } from './types.ts';
import { ROBOTS_TOKEN } from './user-agent.ts';

// robots-parser is CommonJS (`module.exports = fn`) but its types declare `export default`; under NodeNext the
// default import is module.exports itself, i.e. the function, whatever the types claim.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

/** RFC 9309 section 2.5: crawlers must parse at least 500 KiB; the rest of a longer file is ignored. */
export const ROBOTS_MAX_BYTES = 500 * 1024;

export interface RobotsPolicy {
  /** Whether `url` (on the host whose robots.txt this is) may be fetched by `fedicensus`. */
  isAllowed(url: URL): boolean;
  /** Crawl-delay of the group that applies to us, in milliseconds; undefined when none is set. */
  readonly crawlDelayMs: number | undefined;
  /** Where the policy came from, for messages: "robots.txt" or "no robots.txt (HTTP 404)". */
  readonly source: string;
}

/** What fetching /robots.txt produced after redirects (up to 5, across hosts): a final status and the (truncated) text. */
export interface RobotsResponse {
  readonly status: number;
  readonly text: string;
}

function allowAllPolicy(source: string): RobotsPolicy {
  return { isAllowed: () => true, crawlDelayMs: undefined, source };
}

/** Parses a robots.txt served for `origin` (e.g. "https://example.social"). */
export function parseRobotsPolicy(origin: string, text: string, token: string = ROBOTS_TOKEN): RobotsPolicy {
  const robots = robotsParser(`${origin}/robots.txt`, text);
  const delaySeconds = robots.getCrawlDelay(token);
  // A delay that rounds to 0 ms (5e-324 s, say) is no delay: absent, like none at all.
  const delayMs = typeof delaySeconds === 'number' && Number.isFinite(delaySeconds) ? Math.round(delaySeconds * 1000) : 0;
  return {
    // robots-parser answers undefined for a URL on another origin; that is a bug upstream of here, so refuse.
    isAllowed: (url) => robots.isAllowed(url.href, token) === true,
    crawlDelayMs: delayMs > 0 && Number.isFinite(delayMs) ? delayMs : undefined,
    source: 'robots.txt',
  };
}

/** The policy for a robots.txt response, or the failure that stops all requests to the host. */
export function robotsPolicyFromResponse(origin: string, response: RobotsResponse): RobotsPolicy | FetchFailure {
  const { status } = response;
  if (status >= 200 && status < 300) return parseRobotsPolicy(origin, response.text);
  if (status === 429) {
    // RFC 9309 lists 429 under 4xx, but a rate-limited robots.txt says "not now", not "anything goes".
    return failure('unreachable', 'robots.txt answered 429 (rate limited)', status);
  }
  if (status >= 400 && status < 500) return allowAllPolicy(`no robots.txt (HTTP ${status})`);
  if (status >= 500) return failure('unreachable', `robots.txt answered ${status} (5xx: all disallowed)`, status);
  // 1xx/3xx left over (a redirect without Location, 304): no usable file, which RFC 9309 treats as unavailable.
  return allowAllPolicy(`no robots.txt (HTTP ${status})`);
}

/**
 * The policy when fetching robots.txt failed. Network failures (a redirect hop to a refused address included)
 * and the request cap stop the host. A redirect we may not follow (not https, another port, a loop, more than
 * 5) leaves robots.txt unavailable to us, which RFC 9309 section 2.3.1.2 lets a crawler treat as a 4xx:
 * allowed. Redirects to other hosts are followed (session.ts), and what the final answer says applies.
 */
export function robotsPolicyFromFailure(failed: FetchFailure): RobotsPolicy | FetchFailure {
  if (failed.kind === 'invalid') return allowAllPolicy(`no robots.txt (${failed.message})`);
  // Most messages already end in "on /robots.txt"; name it only when they do not.
  return failed.message.includes('/robots.txt') ? failed : { ...failed, message: `robots.txt: ${failed.message}` };
}

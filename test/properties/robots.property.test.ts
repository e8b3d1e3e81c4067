// Property tests of the robots.txt handling (crawler/net/robots.ts, RFC 9309 over robots-parser): any file,
// any status, any path: never throws, answers a boolean, a Crawl-delay is a positive whole number of ms or
// absent; a complete disallow for us holds for every path, and a status maps to the RFC's outcome.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRobotsPolicy, robotsPolicyFromResponse } from '../../crawler/net/robots.ts';
import { ROBOTS_TOKEN } from '../../crawler/net/user-agent.ts';

const RUNS = 1000;
const ORIGIN = 'https://server.social';

const line = fc.oneof(
  fc.constantFrom('User-agent: *', `User-agent: ${ROBOTS_TOKEN}`, 'User-agent: Googlebot', 'Disallow: /', 'Allow: /', 'Disallow:', 'Sitemap: https://x/s.xml', '# comment', ''),
  fc.tuple(fc.constantFrom('Allow', 'Disallow', 'disallow', 'ALLOW', 'Crawl-delay', 'crawl-delay', 'User-Agent'), fc.string({ maxLength: 30 })).map(([k, v]) => `${k}: ${v}`),
  fc.tuple(fc.constantFrom('Crawl-delay'), fc.oneof(fc.double(), fc.integer({ min: -10, max: 1e7 }), fc.constantFrom('1e309', 'NaN', '-1', '0.5', ''))).map(([k, v]) => `${k}: ${v}`),
  fc.string({ maxLength: 60 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
);
const robotsTxt = fc.array(line, { maxLength: 30 }).chain((lines) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => lines.join(eol)));
// Paths as the session builds URLs: always starting with '/', appended to the origin.
const path = fc.oneof(
  fc.webPath().map((p) => (p.startsWith('/') ? p : `/${p}`)),
  fc.constantFrom('/.well-known/nodeinfo', '/nodeinfo/2.1', '/api/v1/instance', '/', '/%2e%2e/', '/a?b=c', '/ünïcødé'),
  fc.string({ maxLength: 40 }).map((s) => `/${encodeURIComponent(s)}`),
);

describe('robots.txt policies', () => {
  it('never throw for any file and path; isAllowed is a boolean; Crawl-delay is positive whole ms or absent', () => {
    fc.assert(
      fc.property(robotsTxt, path, (text, p) => {
        const policy = parseRobotsPolicy(ORIGIN, text);
        expect(typeof policy.isAllowed(new URL(`${ORIGIN}${p}`))).toBe('boolean');
        if (policy.crawlDelayMs !== undefined) {
          expect(Number.isInteger(policy.crawlDelayMs) && policy.crawlDelayMs > 0 && Number.isFinite(policy.crawlDelayMs)).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('a complete disallow in our group disallows every path, whatever else the file says for others', () => {
    fc.assert(
      fc.property(robotsTxt, path, (others, p) => {
        // Other groups after ours (a group ends at the next User-agent line, not at a blank line: RFC 9309 2.2.1).
        const text = `User-agent: ${ROBOTS_TOKEN}\nDisallow: /\n\nUser-agent: other\n${others.replace(new RegExp(ROBOTS_TOKEN, 'gi'), 'other')}`;
        expect(parseRobotsPolicy(ORIGIN, text).isAllowed(new URL(`${ORIGIN}${p}`))).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });

  it('maps every status as RFC 9309 section 2.3.1 says: 2xx parsed, 4xx (not 429) allowed, 5xx and 429 stop the host', () => {
    fc.assert(
      fc.property(fc.integer({ min: 100, max: 599 }), robotsTxt, (status, text) => {
        const outcome = robotsPolicyFromResponse(ORIGIN, { status, text: `User-agent: *\nDisallow: /\n${text}` });
        if (status >= 500 || status === 429) expect(outcome).toMatchObject({ ok: false, kind: 'unreachable' });
        else if (status >= 400) expect('isAllowed' in outcome && outcome.isAllowed(new URL('/x', ORIGIN))).toBe(true);
        else expect('isAllowed' in outcome).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

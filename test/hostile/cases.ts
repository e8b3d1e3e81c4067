// The hostile-input and fault cases the census must keep holding (issue #12), each with the test that
// proves it. Where a test elsewhere already proves a case it is referenced, not repeated; the index test
// (cases.test.ts) fails when a referenced test is renamed or removed, so no case can disappear unnoticed.
// docs/robustness.md is the same list for readers.

export interface HostileCase {
  /** What an attacker or a bad night does. */
  readonly threat: string;
  /** What the census promises. */
  readonly promise: string;
  /** Test file, from the repository root, and the exact title of the test that proves it. */
  readonly proof: readonly (readonly [file: string, title: string])[];
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    threat: 'redirects or DNS aimed at private, loopback or link-local addresses',
    promise: 'no request ever reaches such an address; every redirect hop and every new connection is checked',
    proof: [
      ['test/crawler/net/dispatcher.test.ts', 'refuses a name when any of its addresses is private'],
      ['test/crawler/net/dispatcher.test.ts', 'refuses IP literals in URLs without a lookup'],
      ['test/crawler/net/robots-redirects.test.ts', 'puts every hop through the address guard: a robots.txt redirect to a private address stops the host'],
    ],
  },
  {
    threat: 'redirect games: loops, more than five hops, other hosts, http://, another port on the same name',
    promise: 'documents follow at most five redirects within the origin (name and port), https only',
    proof: [
      ['test/crawler/net/session-redirects.test.ts', 'detects a redirect loop'],
      ['test/crawler/net/session-redirects.test.ts', 'refuses a sixth redirect without following it'],
      ['test/crawler/net/session-redirects.test.ts', 'refuses a redirect to another host without contacting it'],
      ['test/crawler/net/session-redirects.test.ts', 'refuses a redirect to http://'],
      ['test/crawler/net/session-redirects.test.ts', 'does not follow a redirect to the same name on another port: another port is another origin'],
      ['test/hostile/sim-hostile.test.ts', 'each gets the status the ground truth expects: one failed host, never a crawl of what it should not be'],
    ],
  },
  {
    threat: 'a permanent redirect to an IP literal, to be recorded as where the server moved',
    promise: 'moved_to only ever holds a name the name normaliser accepts',
    proof: [
      ['test/crawler/crawl-server-moved.test.ts', 'never stores %s as moved_to: the redirect is an invalid response'],
      ['test/hostile/sim-hostile.test.ts', 'never stores an IP literal as moved_to, nor a server for it'],
    ],
  },
  {
    threat: 'robots.txt edge cases: redirected to another host, 5xx, 429, huge, Crawl-delay beyond the budget, odd syntax',
    promise: 'RFC 9309: redirects followed (five, across hosts) and the final answer applied; 5xx stops the host; an opt-out is honoured',
    proof: [
      ['test/crawler/net/robots-redirects.test.ts', 'applies a Disallow served by another host that robots.txt redirects to'],
      ['test/crawler/net/robots-redirects.test.ts', 'follows five redirects across hosts and applies what the last answer says'],
      ['test/crawler/net/robots.test.ts', 'a 5xx robots.txt stops the host, and is not asked twice'],
      ['test/crawler/net/robots.test.ts', 'keeps only the first 500 KiB of a huge robots.txt instead of failing'],
      ['test/crawler/net/robots.test.ts', 'treats a Crawl-delay that does not fit in the budget as disallowed, without requesting'],
      ['test/properties/robots.property.test.ts', 'never throw for any file and path; isAllowed is a boolean; Crawl-delay is positive whole ms or absent'],
      ['test/properties/robots.property.test.ts', 'a complete disallow in our group disallows every path, whatever else the file says for others'],
      ['test/hostile/sim-hostile.test.ts', 'asks the redirected robots.txt and nothing else of a server that opted out that way'],
    ],
  },
  {
    threat: 'gzip bombs, endless bodies, bodies over the cap, deeply nested JSON',
    promise: 'no body is inflated; every body is capped while it streams; parsing never crashes the crawl',
    proof: [
      ['test/hostile/net-hostile.test.ts', 'reads a gzip bomb as the bytes it is (never inflated): not JSON, memory bounded by the cap'],
      ['test/hostile/net-hostile.test.ts', 'ends an endless chunked body at the size cap'],
      ['test/hostile/net-hostile.test.ts', 'turns a deeply nested JSON body into a failure or a value, never a crash'],
      ['test/crawler/net/session.test.ts', 'fails with too_large when Content-Length is over the cap, without reading it'],
      ['test/crawler/net/session.test.ts', 'enforces the cap while streaming a body of unknown length, and honours a larger maxBytes'],
      ['test/properties/parsers.property.test.ts', 'deeply nested bodies cost nothing and break nothing'],
    ],
  },
  {
    threat: 'slow, hanging and half-open sockets; too many requests',
    promise: 'each server has a time budget and a cap of 12 requests; a silent socket costs one failed host',
    proof: [
      ['test/crawler/net/session.test.ts', 'aborts a hanging request when the time budget runs out'],
      ['test/crawler/net/session.test.ts', 'aborts a body that stalls mid-way when the time budget runs out'],
      ['test/crawler/net/session.test.ts', 'stops at 12 requests per server, robots.txt included'],
      ['test/hostile/net-hostile.test.ts', 'gives up on a half-open server (TCP accepted, no TLS handshake) at the connect timeout'],
    ],
  },
  {
    threat: 'absurd values: negative, fractional, huge, non-numeric counts; junk peer names; huge peer lists',
    promise: 'a count is kept only when plausible, else NULL with a flag; a name only when canonical; unproven names capped per domain',
    proof: [
      ['test/properties/parsers.property.test.ts', 'NodeInfo documents (strict and lenient)'],
      ['test/properties/names-quality.property.test.ts', 'never throws; a kept count is an integer in [0, 1e9), anything else is null with a flag or missing'],
      ['test/properties/names-quality.property.test.ts', 'never throws, and a name it keeps is canonical: it normalises to itself'],
      ['test/crawler/crawl-sim.test.ts', 'counts the junk in peer lists by reason, as the simulator planted it'],
      ['test/crawler/schedule.test.ts', 'caps unproven names per registrable domain each night and rotates through them'],
    ],
  },
  {
    threat: 'strings meant to break pages, file names or spreadsheets (software `index`, `../x`, `<script>`, `=HYPERLINK(...)`)',
    promise: 'every reported string is escaped in pages, maps to a file name inside its folder that cannot be a site page, and is neutralised in the site\'s CSV downloads',
    proof: [
      ['test/web/build.test.ts', 'escapes every name a server reported, in every page'],
      ['test/web/hostile-names.test.ts', 'keeps the software list at software/index.html and gives each hostile software its own page'],
      ['test/web/hostile-names.test.ts', 'writes nothing outside the site folder and no file name longer than 255 bytes'],
      ['test/web/hostile-names.test.ts', 'neutralises cells a spreadsheet would run as formulas in the chart and listing CSV downloads'],
      ['test/hostile/sim-hostile.test.ts', 'keeps a version meant to run in a spreadsheet as text in the census, and neutralised in the site\'s CSV'],
    ],
  },
  {
    threat: 'kill -9 mid-crawl and mid-publish; a full disk',
    promise: 'the next run resumes the day, judges the whole day, publishes it; nothing lost or counted twice; a full disk is named',
    proof: [
      ['test/scripts/nightly.test.ts', 'survives kill -9 at several moments: the day finishes with every server counted once'],
      ['test/api/publish/publish.test.ts', 'folds a write-ahead log left by a crawl that died into the published copy'],
      ['test/scripts/nightly-faults.test.ts', 'says "disk full (ENOSPC)" with the file when a batch cannot be committed, then the next run publishes the day'],
      ['test/scripts/nightly-faults.test.ts', 'judges the whole day when the rerun has nothing left to crawl: the interrupted run reached every server'],
    ],
  },
  {
    threat: 'cheap requests that make the API keep large answers; any parameter value',
    promise: 'kept answers stay within a byte budget; ranges are clamped to the data; a bad value is a 400, never a 5xx',
    proof: [
      ['test/api/memory-bound.test.ts', 'a weekly range from the year 1000 lists the weeks of the data, not a thousand years of zeros'],
      ['test/api/memory-bound.test.ts', 'two weekly ranges that both start before the data share one cache entry'],
      ['test/api/memory-bound.test.ts', 'hundreds of distinct valid queries never take the cache over its budget'],
      ['test/properties/api-params.property.test.ts', 'never answer a 5xx, whatever the endpoint and parameters; errors are JSON'],
      ['test/properties/api-params.property.test.ts', 'answer a 400 naming from/to for every value that is not a calendar day, and 200 for every one that is'],
    ],
  },
];

// The data model of the simulated fediverse: what a host is, what goes wrong on it, and what it lists as peers.
// The server (server.ts) renders these records; the ground truth (truth.ts) reads the same records, never the
// crawler's code, so the two can disagree only when the crawler is wrong.

export type SimSoftware =
  | 'mastodon'
  | 'pleroma'
  | 'akkoma'
  | 'gotosocial'
  | 'misskey'
  | 'sharkey'
  | 'lemmy'
  | 'peertube'
  | 'friendica'
  | 'snac'
  | 'wordpress'
  | 'pixelfed'
  | 'diaspora';

export const ALL_SOFTWARE: readonly SimSoftware[] = [
  'mastodon', 'pleroma', 'akkoma', 'gotosocial', 'misskey', 'sharkey', 'lemmy',
  'peertube', 'friendica', 'snac', 'wordpress', 'pixelfed', 'diaspora',
];

/** What fails on a host. At most one per host; it alone decides the host's status (see truth-server.ts). */
export type SimFault =
  | 'none'
  | 'dead' // TLS handshake refused
  | 'hang' // accepts the connection, never answers any request
  | 'huge_nodeinfo' // the NodeInfo document is a 50 MB body, streamed
  | 'redirect_loop' // /.well-known/nodeinfo redirects A -> B -> A ...
  | 'redirect_other_host' // /.well-known/nodeinfo redirects to another (healthy) host
  | 'malformed_json' // the NodeInfo document is truncated JSON
  | 'parking_page' // every path answers 200 with an HTML parking page (robots.txt too)
  | 'nodeinfo_5xx' // /.well-known/nodeinfo answers 503
  | 'robots_5xx' // /robots.txt answers 500
  | 'robots_disallow_all' // User-agent: * / Disallow: /
  | 'robots_disallow_token' // User-agent: FediCensus / Disallow: / (token match is case-insensitive)
  | 'gotosocial_default_robots' // GoToSocial's shipped robots.txt: NodeInfo and /api/ disallowed, Crawl-delay 500
  | 'no_nodeinfo' // /.well-known/nodeinfo answers 404
  | 'gone' // 410 Gone on every path
  | 'nodeinfo_foreign_host' // every NodeInfo href is on an unrelated host: must not be followed
  | 'no_software_name' // NodeInfo parses but has no software.name
  // Hostile or odd answers (issue #12), never drawn by the catalogue's random mix; tests assign them:
  | 'robots_redirect_elsewhere' // robots.txt 301s to another host (a CDN, say) whose file says Disallow: / (RFC 9309 2.3.1.2)
  | 'redirect_other_port' // /.well-known/nodeinfo 301s to the same name on port 6379 (Redis): SSRF to an internal service
  | 'redirect_ip_literal'; // /.well-known/nodeinfo 301s to https://203.0.113.7/...: an address, not a name to record as moved

/** Oddities that must not change the status (a correct crawl still records `ok`). */
export type SimQuirk =
  | 'slow' // every answer is delayed (server option slowDelayMs)
  | 'numbers_as_strings' // NodeInfo counts as JSON strings of digits
  | 'capitalised_name' // software.name "Mastodon" (with spaces around it)
  | 'links_object' // /.well-known/nodeinfo `links` is one object, not an array
  | 'links_zero_key' // `links` is an object for 1.0 and the 2.0 link sits under a "0" key (old Hubzilla)
  | 'nodeinfo_subdomain' // the NodeInfo href is on ni.<host> (followed: a subdomain of the server)
  | 'http_href' // the NodeInfo href is http:// (upgraded to https by the crawler)
  | 'same_host_redirect' // the NodeInfo document path redirects once, on the same host
  | 'rate_limited' // 429 with Retry-After: 1 on the first try of the first software API path
  | 'implausible' // one NodeInfo count is implausible (see SimHost.implausible)
  | 'sparse_nodeinfo' // NodeInfo omits total, activeMonth, localPosts and openRegistrations
  | 'robots_disallow_api' // robots.txt disallows /api/ for everyone: no software extras, no peers
  | 'robots_disallow_other_bot' // robots.txt disallows / for another bot only
  | 'peers_disabled' // peers endpoint 404 (Mastodon, Pleroma, ...) or 401 (GoToSocial)
  | 'activity_disabled' // Mastodon /api/v1/instance/activity 404
  | 'activity_unaligned' // activity windows start at now minus whole weeks (Mastodon 4), not on Mondays
  | 'no_contact' // Mastodon contact account null
  | 'legacy_v1_instance' // Mastodon 3.x: /api/v2/instance 404, /api/v1/instance served
  | 'many_peers'; // a Misskey peer list longer than one page of 100

export type FigureField = 'usersTotal' | 'usersActiveMonth' | 'usersActiveHalfyear' | 'localPosts';
export const FIGURE_FIELDS: readonly FigureField[] = ['usersTotal', 'usersActiveMonth', 'usersActiveHalfyear', 'localPosts'];
export type CountFlag = 'negative' | 'fractional' | 'not_a_number' | 'too_large';

/** A stored count after the plausibility rules (docs/contributing.md): a value, or NULL with an optional flag. */
export interface CheckedCount {
  readonly value: number | null;
  readonly flag?: CountFlag;
}

/** Why a peer entry is not a server name (docs/contributing.md, "Peer names"). Each junk entry the sim emits
 * has exactly one plausible reason (no entry is, say, both an IP and dot-less), so counts by reason are fair. */
export type JunkReason =
  | 'non_string'
  | 'ip_literal'
  | 'special_use'
  | 'port'
  | 'underscore'
  | 'no_dot'
  | 'label_too_long' // a label over 63 characters
  | 'too_long'; // a name over 253 characters

/** One entry as a peer list emits it, with what it stands for: a canonical server name, or junk. */
export interface PeerEntry {
  /** The exact JSON value emitted (a string, number, null, object ...). */
  readonly raw: unknown;
  /** The catalogue host this entry names (ASCII, punycode), or null for junk. */
  readonly canonical: string | null;
  readonly junk?: JunkReason;
}

/** Figures at the catalogue's start date; they grow from `growthFrom` (see figures.ts). null: never reported. */
export interface BaseFigures {
  readonly usersTotal: number | null;
  readonly usersActiveMonth: number | null;
  readonly usersActiveHalfyear: number | null;
  readonly localPosts: number | null;
}

export interface SimHost {
  /** ASCII (punycode) name, lower case: what SNI and Host carry. */
  readonly name: string;
  /** The Unicode spelling for IDN hosts (peer lists sometimes carry it raw). */
  readonly unicodeName?: string;
  readonly software: SimSoftware;
  readonly version: string;
  readonly fault: SimFault;
  readonly quirks: ReadonlySet<SimQuirk>;
  /** The server does not exist (handshake refused, listed by nobody) before this instant. */
  readonly createdAt: Date;
  /** Counts grow from this instant on (the later of catalogue start and createdAt). */
  readonly growthFrom: Date;
  readonly base: BaseFigures;
  /** Users gained per simulated day; the other counts grow in proportion. */
  readonly growthPerDay: number;
  readonly openRegistrations: boolean;
  /** Set with the `implausible` quirk: the NodeInfo field replaced by `raw`, which the rules turn into `flag`. */
  readonly implausible?: { readonly field: FigureField; readonly raw: unknown; readonly flag: CountFlag };
  /** Peer list entries (time-independent); entries naming hosts not yet created are hidden (figures.ts). */
  readonly peers: readonly PeerEntry[];
  /** Target of redirect_other_host / nodeinfo_foreign_host / robots_redirect_elsewhere: a healthy host elsewhere. */
  readonly foreignHost?: string;
}

export interface SimCatalogue {
  readonly seed: number;
  /** Date of the catalogue's first day; growth and new servers are relative to it. */
  readonly start: Date;
  readonly hosts: readonly SimHost[];
  readonly byName: ReadonlyMap<string, SimHost>;
  /** Suggested crawl seeds: healthy, peer-serving hosts. */
  readonly seeds: readonly string[];
}

export function indexHosts(hosts: readonly SimHost[]): ReadonlyMap<string, SimHost> {
  return new Map(hosts.map((h) => [h.name, h]));
}

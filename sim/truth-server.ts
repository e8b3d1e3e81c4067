// What a correct crawl records for ONE server on a given simulated date, read straight from the catalogue:
// the status mapping and source precedence of docs/contributing.md, with no crawler code involved.
import type { CheckedCount, FigureField, PeerEntry, SimCatalogue, SimFault, SimHost, SimSoftware } from './model.ts';
import { activityAt, activityWeek, apiFiguresAt, existsAt, nodeinfoUsage, peersAt } from './figures.ts';
import { PEERS_BY_MASTODON_API } from './catalogue-tables.ts';
import { redirectIsPermanent } from './router.ts';
import { exposedCreation, type SimCreatedAtSource } from './created-at.ts';

/** Mirrors crawler/observation.ts ServerStatus (minus `excluded`, which the sim never produces). */
export const EXPECTED_STATUSES = ['ok', 'unreachable', 'timeout', 'disallowed', 'no_nodeinfo', 'invalid_response', 'moved'] as const;
export type ExpectedStatus = (typeof EXPECTED_STATUSES)[number];

/** The status each fault must produce: the first failure a correct crawl meets. */
export const STATUS_OF_FAULT: Readonly<Record<SimFault, ExpectedStatus>> = {
  none: 'ok',
  dead: 'unreachable', // TLS handshake refused
  hang: 'timeout', // robots.txt never answers
  robots_5xx: 'unreachable', // RFC 9309: assume complete disallow; recorded as unreachable
  robots_disallow_all: 'disallowed',
  robots_disallow_token: 'disallowed',
  gotosocial_default_robots: 'disallowed', // /.well-known/nodeinfo disallowed (and Crawl-delay 500)
  gone: 'no_nodeinfo', // robots.txt 410 = all allowed; /.well-known/nodeinfo 410
  no_nodeinfo: 'no_nodeinfo',
  nodeinfo_5xx: 'unreachable',
  parking_page: 'invalid_response', // HTML where JSON was expected
  redirect_loop: 'invalid_response',
  redirect_other_host: 'invalid_response', // a 302; a 301 is 'moved' (redirectIsPermanent)
  malformed_json: 'invalid_response',
  huge_nodeinfo: 'invalid_response', // too large
  // Every NodeInfo href is on a host that must not be followed: no usable NodeInfo is offered. The docs do not
  // name this case; the crawler (crawler/crawl-server.ts) reports it as no_nodeinfo, and so does the sim.
  nodeinfo_foreign_host: 'no_nodeinfo',
  no_software_name: 'invalid_response',
  robots_redirect_elsewhere: 'disallowed', // the final answer of the redirects applies to the host
  redirect_other_port: 'invalid_response', // another port is another origin: not followed
  redirect_ip_literal: 'invalid_response', // a permanent redirect to an address is no move to a server name
};

export interface ExpectedActivityWindow {
  readonly windowStart: Date;
  /** Monday (UTC) of window start + 3 days, YYYY-MM-DD. */
  readonly week: string;
  readonly statuses: CheckedCount;
  readonly logins: CheckedCount;
  readonly registrations: CheckedCount;
}

export interface ExpectedServer {
  readonly domain: string;
  readonly status: ExpectedStatus;
  /** The rest is set only when status is ok. */
  readonly software?: SimSoftware;
  readonly version?: string;
  readonly usersTotal?: CheckedCount;
  readonly usersActiveMonth?: CheckedCount;
  readonly usersActiveHalfyear?: CheckedCount;
  readonly localPosts?: CheckedCount;
  readonly openRegistrations?: boolean | null;
  /** What the census stores as servers.created_at (./created-at.ts), and where it was read. */
  readonly createdAt?: Date | null;
  readonly createdAtSource?: SimCreatedAtSource | null;
  readonly activity?: readonly ExpectedActivityWindow[];
  /** For `moved`: the name it moved to, which the crawl then knows and crawls as itself. */
  readonly movedTo?: string;
  /** Peer entries a correct crawl reads from this server (empty when it serves none or may not be asked). */
  readonly peers: readonly PeerEntry[];
}

const MISSKEY: ReadonlySet<SimSoftware> = new Set(['misskey', 'sharkey']);

/** A software API's figures, per field; absent when that API is not asked or does not have the field. */
type ApiCounts = Partial<Record<FigureField, number | null>>;

export function expectServer(catalogue: SimCatalogue, domain: string, now: Date): ExpectedServer {
  const host = catalogue.byName.get(domain);
  if (!host || !existsAt(host, now)) return { domain, status: 'unreachable', peers: [] };
  const status = STATUS_OF_FAULT[host.fault];
  if (host.fault === 'redirect_other_host' && redirectIsPermanent(host) && host.foreignHost) {
    return { domain, status: 'moved', movedTo: host.foreignHost, peers: [] };
  }
  if (status !== 'ok') return { domain, status, peers: [] };

  const apiAllowed = !host.quirks.has('robots_disallow_api'); // every software API path sits under /api/
  const api = apiAllowed ? apiCounts(host, now) : {};
  const usage = nodeinfoUsage(host, now);
  const pick = (field: FigureField): CheckedCount => {
    const sent = usage.counts[field];
    if (sent.kind === 'value') return sent.checked; // NodeInfo sent it: it wins, even when implausible
    const v = api[field];
    return { value: v ?? null };
  };
  const mastodon = host.software === 'mastodon' && apiAllowed;
  const created = exposedCreation(host, now);
  const servesPeers = PEERS_BY_MASTODON_API.has(host.software) || MISSKEY.has(host.software) || host.software === 'lemmy';
  const peersReadable = apiAllowed && servesPeers && !host.quirks.has('peers_disabled');
  return {
    domain,
    status,
    software: host.software,
    version: host.version,
    usersTotal: pick('usersTotal'),
    usersActiveMonth: pick('usersActiveMonth'),
    usersActiveHalfyear: pick('usersActiveHalfyear'),
    localPosts: pick('localPosts'),
    // Fallbacks when NodeInfo omits it: Mastodon's registrations, Misskey's !disableRegistration.
    openRegistrations: usage.openRegistrations ?? (mastodon || (apiAllowed && MISSKEY.has(host.software)) ? host.openRegistrations : null),
    createdAt: created?.at ?? null,
    createdAtSource: created?.source ?? null,
    ...(mastodon && !host.quirks.has('activity_disabled') ? { activity: activity(host, now) } : {}),
    peers: peersReadable ? peersAt(catalogue, host, now) : [],
  };
}

/** Which API figures a correct crawl gets (docs/contributing.md, "Software extras"). */
function apiCounts(host: SimHost, now: Date): ApiCounts {
  const f = apiFiguresAt(host, now);
  if (host.software === 'mastodon') {
    // v2 has active_month only; v1 (asked only when v2 is 404) has the totals.
    return host.quirks.has('legacy_v1_instance') ? { usersTotal: f.usersTotal, localPosts: f.localPosts } : { usersActiveMonth: f.usersActiveMonth };
  }
  if (MISSKEY.has(host.software)) return { usersTotal: f.usersTotal, localPosts: f.localPosts };
  if (host.software === 'lemmy') return { ...f };
  if (host.software === 'peertube') return { usersTotal: f.usersTotal, usersActiveMonth: f.usersActiveMonth, localPosts: f.localPosts };
  return {};
}

function activity(host: SimHost, now: Date): ExpectedActivityWindow[] {
  return activityAt(host, now).map((w) => ({
    windowStart: w.start,
    week: activityWeek(w.start),
    statuses: { value: w.statuses },
    logins: { value: w.logins },
    registrations: { value: w.registrations },
  }));
}

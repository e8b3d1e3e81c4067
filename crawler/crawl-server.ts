// Crawls one server through one polite session, in the order docs/contributing.md fixes: robots.txt (inside
// the session), the well-known NodeInfo document, the NodeInfo itself, what the software's own API adds,
// then its peer list. Never throws: every failure becomes the server's status and reason.
import type { FetchFailure, HostSession } from './net/types.ts';
import type { CheckedCount, ServerObservation, ServerStatus } from './observation.ts';
import type { CrawlServerOptions, ServerCrawlResult } from './crawl.ts';
import { parseNodeInfoLinks, chooseNodeInfoHref } from './parse/nodeinfo-links.ts';
import { parseNodeInfo } from './parse/nodeinfo.ts';
import { softwareExtras, type SoftwareExtras } from './software-extras.ts';
import { fetchPeers } from './fetch-peers.ts';
import { normalizeName } from '../core/server-name.ts';

export async function crawlServer(session: HostSession, domain: string, options: CrawlServerOptions): Promise<ServerCrawlResult> {
  const fail = (status: ServerStatus, reason: string): ServerCrawlResult => ({
    observation: { domain, status, reason, requests: session.requestCount },
    peers: [],
  });
  // A server that said no (robots.txt, 410 Gone) is left alone for a week rather than backed off.
  const fetchFailed = (failure: FetchFailure, status: ServerStatus): ServerCrawlResult => {
    const failed = fail(status, failure.message);
    return failure.status === 410 || status === 'disallowed' ? askedToWait(failed) : failed;
  };

  const wellKnown = await session.getJson('/.well-known/nodeinfo');
  if (!wellKnown.ok) {
    // Moved for good to a name the census could crawl (normalised, so never an IP literal, a private-use
    // name or a bare label): recorded as moved; the new name is crawled as itself (it joins the known set).
    const movedTo = wellKnown.redirectTo ? normalizeName(wellKnown.redirectTo) : null;
    if (movedTo?.ok && (wellKnown.status === 301 || wellKnown.status === 308)) {
      return {
        observation: { domain, status: 'moved', reason: wellKnown.message, movedTo: movedTo.name, requests: session.requestCount, retryAfterDays: ASKED_TO_WAIT_DAYS },
        peers: [],
      };
    }
    return fetchFailed(wellKnown, statusOfWellKnownFailure(wellKnown));
  }
  if (typeof wellKnown.body !== 'object' || wellKnown.body === null) {
    return fail('invalid_response', '/.well-known/nodeinfo is not a JSON object');
  }
  const links = parseNodeInfoLinks(wellKnown.body);
  if (!links.ok) return fail('no_nodeinfo', links.reason);
  const chosen = chooseNodeInfoHref(links.links, domain);
  if (!chosen.ok) return fail('no_nodeinfo', chosen.reason);

  const document = await session.getJson(chosen.url);
  if (!document.ok) return fetchFailed(document, statusOfDocumentFailure(document));
  const parsed = parseNodeInfo(document.body);
  if (!parsed.ok) return fail('invalid_response', parsed.reason);
  const nodeInfo = parsed.nodeInfo;
  const software = nodeInfo.software.name;

  // A creation time does not change: where it costs a request of its own, it is asked on the peer list's
  // weekly schedule (the first crawl, then weekly), not every night.
  const extras: SoftwareExtras = await softwareExtras(session, software, { askCreatedAt: options.fetchPeers });
  const sources = [`nodeinfo-${chosen.version}`, ...extras.sources];
  const observation: ServerObservation = {
    domain,
    status: 'ok',
    software,
    version: nodeInfo.software.version ?? undefined,
    usersTotal: firstSent(nodeInfo.usersTotal, extras.usersTotal),
    usersActiveMonth: firstSent(nodeInfo.usersActiveMonth, extras.usersActiveMonth),
    usersActiveHalfyear: firstSent(nodeInfo.usersActiveHalfyear, extras.usersActiveHalfyear),
    localPosts: firstSent(nodeInfo.localPosts, extras.localPosts),
    openRegistrations: nodeInfo.openRegistrations ?? extras.openRegistrations ?? null,
    createdAt: extras.createdAt ?? null,
    createdAtSource: extras.createdAtSource ?? null,
    activity: extras.activity,
    sources,
    requests: session.requestCount,
  };
  if (!options.fetchPeers) return { observation, peers: [] };
  const peers = await fetchPeers(session, software);
  return { observation: { ...observation, requests: session.requestCount, peersFetched: true }, peers };
}

/** A server that said no (robots.txt, 410 Gone, a permanent move) is not asked again for a week. */
export const ASKED_TO_WAIT_DAYS = 7;

function askedToWait(result: ServerCrawlResult): ServerCrawlResult {
  return { ...result, observation: { ...result.observation, retryAfterDays: ASKED_TO_WAIT_DAYS } };
}

/**
 * Per field, NodeInfo's value when NodeInfo sent one (a flagged implausible value counts as sent: it is not
 * replaced by another source's figure); else the first software API that sent one.
 */
export function firstSent(...counts: readonly (CheckedCount | undefined)[]): CheckedCount {
  for (const count of counts) {
    if (count && (count.value !== null || count.flag)) return count;
  }
  return { value: null };
}

function statusOfWellKnownFailure(failure: FetchFailure): ServerStatus {
  if (failure.kind === 'http' && failure.status !== undefined && [400, 404, 410].includes(failure.status)) {
    return 'no_nodeinfo';
  }
  return statusOfDocumentFailure(failure);
}

export function statusOfDocumentFailure(failure: FetchFailure): ServerStatus {
  switch (failure.kind) {
    case 'unreachable':
      return 'unreachable';
    case 'timeout':
      return 'timeout';
    case 'budget': // the per-server request cap ran out, e.g. in redirects
      return 'invalid_response';
    case 'disallowed':
      return 'disallowed';
    case 'http':
      return failure.status !== undefined && failure.status >= 500 ? 'unreachable' : 'invalid_response';
    case 'too_large':
    case 'invalid':
      return 'invalid_response';
  }
}


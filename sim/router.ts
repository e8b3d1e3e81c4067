// Maps one request (Host, method, path, body) to the reply a simulated host gives: the per-host decision table.
// Pure apart from `firstTry`, so the server stays plumbing and documents are built lazily per request.
import type { SimCatalogue, SimHost } from './model.ts';
import { existsAt, peersAt } from './figures.ts';
import { PARKING_PAGE, NI_SUBDOMAIN, nodeinfoDocument, nodeinfoLinks, robotsText, wellKnownDocument } from './nodeinfo-docs.ts';
import {
  GTS_PEERS_401, lemmyFederatedInstances, lemmySite, mastodonActivity, mastodonV1Instance, mastodonV2Instance,
  misskeyFederationInstances, misskeyMeta, misskeyStats, peertubeStats,
} from './software-api.ts';
import { PEERS_BY_MASTODON_API } from './catalogue-tables.ts';
import { MASTODON_API_INSTANCE, mastodonApiInstance, misskeyUsers, peertubeAccount } from './account-docs.ts';

export type SimReply =
  | { readonly kind: 'json'; readonly status: number; readonly body: unknown; readonly headers?: Readonly<Record<string, string>> }
  | { readonly kind: 'text'; readonly status: number; readonly contentType: string; readonly body: string }
  | { readonly kind: 'redirect'; readonly status: 301 | 302; readonly location: string }
  | { readonly kind: 'hang' }
  | { readonly kind: 'huge' };

export interface SimRequest {
  readonly host: string;
  readonly method: string;
  readonly path: string;
  readonly body: unknown;
}

export interface RouteContext {
  readonly catalogue: SimCatalogue;
  readonly now: Date;
  /** True when this host has not been asked for this path yet in the current crawl (for 429 on first try). */
  readonly firstTry: (path: string) => boolean;
}

/** The host a TLS name stands for, and whether it is the NodeInfo subdomain `ni.<host>` of it. */
export function resolveHost(catalogue: SimCatalogue, name: string, now: Date): { host: SimHost; ni: boolean } | undefined {
  const direct = catalogue.byName.get(name);
  if (direct) return direct.fault === 'dead' || !existsAt(direct, now) ? undefined : { host: direct, ni: false };
  if (!name.startsWith(NI_SUBDOMAIN)) return undefined;
  const parent = catalogue.byName.get(name.slice(NI_SUBDOMAIN.length));
  return parent && parent.quirks.has('nodeinfo_subdomain') && existsAt(parent, now) ? { host: parent, ni: true } : undefined;
}

const NOT_FOUND: SimReply = { kind: 'json', status: 404, body: { error: 'Record not found' } };

/** The software API path a rate_limited host answers 429 on, the first time it is asked. */
export function rateLimitedPath(host: SimHost): string | undefined {
  if (!host.quirks.has('rate_limited')) return undefined;
  return { mastodon: '/api/v2/instance', misskey: '/api/meta', sharkey: '/api/meta', lemmy: '/api/v3/site', peertube: '/api/v1/server/stats' }[
    host.software as string
  ];
}

export function route(ctx: RouteContext, req: SimRequest): SimReply {
  const target = resolveHost(ctx.catalogue, req.host, ctx.now);
  if (!target) return { kind: 'text', status: 421, contentType: 'text/plain', body: 'Misdirected Request\n' };
  const { host } = target;
  if (host.fault === 'hang') return { kind: 'hang' };
  if (host.fault === 'gone') return { kind: 'text', status: 410, contentType: 'text/plain', body: 'Gone\n' };
  if (host.fault === 'parking_page') return { kind: 'text', status: 200, contentType: 'text/html; charset=utf-8', body: PARKING_PAGE };
  if (req.path === '/robots.txt') return target.ni ? NOT_FOUND : robots(host);
  const redirectedRobots = robotsServedFor(ctx.catalogue, req.path);
  if (redirectedRobots) return redirectedRobots;
  const doc = nodeinfoDocumentReply(ctx, host, target.ni, req);
  if (doc) return doc;
  if (target.ni) return NOT_FOUND;
  if (req.path === '/.well-known/nodeinfo' || req.path === '/.well-known/nodeinfo/loop') return wellKnown(host, req.path);
  if (rateLimitedPath(host) === req.path && ctx.firstTry(req.path)) {
    return { kind: 'json', status: 429, body: { error: 'Too many requests' }, headers: { 'retry-after': '1', 'x-ratelimit-remaining': '0' } };
  }
  return softwareApi(ctx, host, req) ?? NOT_FOUND;
}

/** Where a robots_redirect_elsewhere host sends its robots.txt: a path on its foreign host naming it. */
export function redirectedRobotsUrl(host: SimHost): string {
  return `https://${host.foreignHost ?? 'unknown.sim-social.net'}/robots/${host.name}.txt`;
}

/** Any host serves the robots.txt of a robots_redirect_elsewhere host that redirects there: Disallow: /. */
function robotsServedFor(catalogue: SimCatalogue, path: string): SimReply | undefined {
  const named = /^\/robots\/(.+)\.txt$/.exec(path)?.[1];
  const owner = named ? catalogue.byName.get(named) : undefined;
  if (owner?.fault !== 'robots_redirect_elsewhere') return undefined;
  return { kind: 'text', status: 200, contentType: 'text/plain', body: 'User-agent: *\nDisallow: /\n' };
}

function robots(host: SimHost): SimReply {
  if (host.fault === 'robots_5xx') return { kind: 'text', status: 500, contentType: 'text/plain', body: 'Internal Server Error\n' };
  if (host.fault === 'robots_redirect_elsewhere') return { kind: 'redirect', status: 301, location: redirectedRobotsUrl(host) };
  const text = robotsText(host);
  return text === null ? { kind: 'text', status: 404, contentType: 'text/plain', body: 'Not Found\n' } : { kind: 'text', status: 200, contentType: 'text/plain', body: text };
}

function wellKnown(host: SimHost, path: string): SimReply {
  switch (host.fault) {
    case 'no_nodeinfo':
      return NOT_FOUND;
    case 'nodeinfo_5xx':
      return { kind: 'text', status: 503, contentType: 'text/html', body: '<html><body>503 Service Unavailable</body></html>\n' };
    case 'redirect_loop':
      return { kind: 'redirect', status: 302, location: path === '/.well-known/nodeinfo' ? '/.well-known/nodeinfo/loop' : '/.well-known/nodeinfo' };
    case 'redirect_other_port':
      return { kind: 'redirect', status: 301, location: `https://${host.name}:6379/.well-known/nodeinfo` };
    case 'redirect_ip_literal':
      return { kind: 'redirect', status: 301, location: 'https://203.0.113.7/.well-known/nodeinfo' };
    case 'redirect_other_host':
      return { kind: 'redirect', status: redirectIsPermanent(host) ? 301 : 302, location: `https://${host.foreignHost ?? 'unknown.sim-social.net'}/.well-known/nodeinfo` };
    default:
      return path === '/.well-known/nodeinfo' ? { kind: 'json', status: 200, body: wellKnownDocument(host) } : NOT_FOUND;
  }
}

/** NodeInfo documents live on ni.<host> for nodeinfo_subdomain hosts, else on the host; /moved/... after a redirect. */
function nodeinfoDocumentReply(ctx: RouteContext, host: SimHost, ni: boolean, req: SimRequest): SimReply | undefined {
  if (req.method !== 'GET' || ni !== host.quirks.has('nodeinfo_subdomain')) return undefined;
  const moved = host.quirks.has('same_host_redirect');
  for (const link of nodeinfoLinks(host)) {
    if (moved && req.path === link.path) return { kind: 'redirect', status: 301, location: `/moved${link.path}` };
    if (req.path !== (moved ? `/moved${link.path}` : link.path)) continue;
    if (host.fault === 'huge_nodeinfo') return { kind: 'huge' };
    const doc = nodeinfoDocument(host, link.version, ctx.now);
    if (host.fault === 'malformed_json') {
      const text = JSON.stringify(doc);
      return { kind: 'text', status: 200, contentType: 'application/json', body: text.slice(0, Math.floor(text.length / 2)) };
    }
    return { kind: 'json', status: 200, body: doc };
  }
  return undefined;
}

function softwareApi(ctx: RouteContext, host: SimHost, req: SimRequest): SimReply | undefined {
  const ok = (body: unknown): SimReply => ({ kind: 'json', status: 200, body });
  const get = req.method === 'GET';
  const post = req.method === 'POST';
  const peers = (): ReturnType<typeof peersAt> => peersAt(ctx.catalogue, host, ctx.now);
  switch (host.software) {
    case 'mastodon':
      if (get && req.path === '/api/v2/instance') return host.quirks.has('legacy_v1_instance') ? NOT_FOUND : ok(mastodonV2Instance(host, ctx.now));
      if (get && req.path === '/api/v1/instance') return ok(mastodonV1Instance(host, ctx.now));
      if (get && req.path === '/api/v1/instance/activity') return host.quirks.has('activity_disabled') ? NOT_FOUND : ok(mastodonActivity(host, ctx.now));
      break;
    case 'misskey':
    case 'sharkey':
      if (post && req.path === '/api/meta') return ok(misskeyMeta(host));
      if (post && req.path === '/api/stats') return ok(misskeyStats(host, ctx.now));
      if (post && req.path === '/api/users') {
        const users = misskeyUsers(host, ctx.now, req.body);
        return { kind: 'json', status: users.status, body: users.body };
      }
      if (post && req.path === '/api/federation/instances') {
        const page = misskeyFederationInstances(peers(), req.body);
        return { kind: 'json', status: page.status, body: page.body };
      }
      if (get && req.path.startsWith('/api/')) return { kind: 'json', status: 405, body: { error: 'Method Not Allowed' } };
      break;
    case 'lemmy':
      if (get && req.path === '/api/v3/site') return ok(lemmySite(host, ctx.now));
      if (get && req.path === '/api/v3/federated_instances') return ok(lemmyFederatedInstances(peers()));
      break;
    case 'peertube':
      if (get && req.path === '/api/v1/server/stats') return ok(peertubeStats(host, ctx.now));
      if (get && req.path.startsWith('/api/v1/accounts/')) {
        const account = peertubeAccount(host, req.path.slice('/api/v1/accounts/'.length));
        return { kind: 'json', status: account.status, body: account.body };
      }
      break;
    default:
      break;
  }
  if (get && req.path === '/api/v1/instance' && MASTODON_API_INSTANCE.has(host.software)) return ok(mastodonApiInstance(host, ctx.now));
  if (get && req.path === '/api/v1/instance/peers' && PEERS_BY_MASTODON_API.has(host.software)) {
    if (!host.quirks.has('peers_disabled')) return ok(peers().map((e) => e.raw));
    return host.software === 'gotosocial' ? { kind: 'json', status: 401, body: GTS_PEERS_401 } : NOT_FOUND;
  }
  return undefined;
}

/**
 * Half the redirect_other_host hosts (by name, so no random draw shifts the catalogue) redirect for good (301:
 * the server moved, recorded as moved, the target crawled as itself), the others temporarily (302: refused).
 */
export function redirectIsPermanent(host: SimHost): boolean {
  return host.name.length % 2 === 0;
}

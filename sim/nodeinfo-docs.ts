// robots.txt, /.well-known/nodeinfo and the NodeInfo documents of a simulated host, shaped like the real ones
// in ../shared/fixtures (Mastodon 2.0 only; Misskey and Pleroma 2.1 too; Lemmy without services/metadata ...).
import type { SimHost, SimSoftware } from './model.ts';
import { nodeinfoUsage, type SentCount } from './figures.ts';
import { hashString } from './prng.ts';

export const NI_SUBDOMAIN = 'ni.';
const REL = 'http://nodeinfo.diaspora.software/ns/schema/';

export interface NodeinfoLink {
  readonly version: '1.0' | '1.1' | '2.0' | '2.1';
  readonly path: string;
}

/** Paths each software really serves its NodeInfo documents on (protocol-notes.md), highest version last. */
const LINKS: Readonly<Record<SimSoftware, readonly NodeinfoLink[]>> = {
  mastodon: [{ version: '2.0', path: '/nodeinfo/2.0' }],
  pleroma: [{ version: '2.0', path: '/nodeinfo/2.0.json' }, { version: '2.1', path: '/nodeinfo/2.1.json' }],
  akkoma: [{ version: '2.0', path: '/nodeinfo/2.0.json' }, { version: '2.1', path: '/nodeinfo/2.1.json' }],
  gotosocial: [{ version: '2.0', path: '/nodeinfo/2.0' }],
  misskey: [{ version: '2.0', path: '/nodeinfo/2.0' }, { version: '2.1', path: '/nodeinfo/2.1' }],
  sharkey: [{ version: '2.0', path: '/nodeinfo/2.0' }, { version: '2.1', path: '/nodeinfo/2.1' }],
  lemmy: [{ version: '2.0', path: '/nodeinfo/2.0.json' }],
  peertube: [{ version: '2.0', path: '/nodeinfo/2.0.json' }],
  friendica: [{ version: '1.0', path: '/nodeinfo/1.0' }, { version: '2.0', path: '/nodeinfo/2.0' }],
  snac: [{ version: '2.0', path: '/nodeinfo_2_0' }],
  wordpress: [
    { version: '1.1', path: '/wp-json/activitypub/1.0/nodeinfo/1.1' },
    { version: '2.0', path: '/wp-json/activitypub/1.0/nodeinfo/2.0' },
  ],
  pixelfed: [{ version: '2.0', path: '/api/nodeinfo/2.0.json' }],
  diaspora: [{ version: '1.0', path: '/nodeinfo/1.0' }, { version: '2.0', path: '/nodeinfo/2.0' }],
};
const LEGACY_LINK: NodeinfoLink = { version: '1.0', path: '/nodeinfo/1.0' };

/** Every NodeInfo document the host serves (links_zero_key hosts also serve the 1.0 their `links` names). */
export function nodeinfoLinks(host: SimHost): readonly NodeinfoLink[] {
  const links = LINKS[host.software];
  return host.quirks.has('links_zero_key') && !links.some((l) => l.path === LEGACY_LINK.path) ? [LEGACY_LINK, ...links] : links;
}

/** The document a correct crawler fetches: the highest version offered. */
export function chosenLink(host: SimHost): NodeinfoLink {
  const links = LINKS[host.software];
  return links[links.length - 1] as NodeinfoLink;
}

export function nodeinfoOrigin(host: SimHost): string {
  if (host.fault === 'nodeinfo_foreign_host' && host.foreignHost) return `https://${host.foreignHost}`;
  if (host.quirks.has('nodeinfo_subdomain')) return `https://${NI_SUBDOMAIN}${host.name}`;
  return `${host.quirks.has('http_href') ? 'http' : 'https'}://${host.name}`;
}

export function wellKnownDocument(host: SimHost): unknown {
  const origin = nodeinfoOrigin(host);
  const link = (l: NodeinfoLink, rel = REL): { rel: string; href: string } => ({ rel: `${rel}${l.version}`, href: origin + l.path });
  const links = LINKS[host.software];
  const top = chosenLink(host);
  if (host.quirks.has('links_object')) return { links: link(top) };
  if (host.quirks.has('links_zero_key')) return { links: link(LEGACY_LINK), 0: link(top) };
  const out = links.map((l) => link(l));
  // WordPress also sends an https:// rel for the same document.
  if (host.software === 'wordpress') out.push(link(top, 'https://nodeinfo.diaspora.software/ns/schema/'));
  return { links: out };
}

function softwareName(host: SimHost): string {
  return host.quirks.has('capitalised_name') ? 'Mastodon' : host.software;
}

function putCount(target: Record<string, unknown>, key: string, sent: SentCount): void {
  if (sent.kind === 'null') target[key] = null;
  else if (sent.kind === 'value') target[key] = sent.raw;
}

export function nodeinfoDocument(host: SimHost, version: NodeinfoLink['version'], now: Date): unknown {
  const usage = nodeinfoUsage(host, now);
  const users: Record<string, unknown> = {};
  putCount(users, 'total', usage.counts.usersTotal);
  putCount(users, 'activeHalfyear', usage.counts.usersActiveHalfyear);
  putCount(users, 'activeMonth', usage.counts.usersActiveMonth);
  const use: Record<string, unknown> = { users };
  putCount(use, 'localPosts', usage.counts.localPosts);
  const software: Record<string, unknown> = { name: softwareName(host), version: host.version };
  if (host.fault === 'no_software_name') delete software.name;
  if (version === '2.1') software.homepage = `https://${host.software}.sim-projects.org`;
  const protocol = host.software === 'diaspora' ? 'diaspora' : 'activitypub';
  const doc: Record<string, unknown> = {
    version,
    software,
    protocols: version.startsWith('1.') ? { inbound: [protocol], outbound: [protocol] } : [protocol],
    services: { outbound: [], inbound: [] },
    usage: use,
  };
  if (usage.openRegistrations !== undefined) doc.openRegistrations = usage.openRegistrations;
  if (host.software === 'lemmy') delete doc.services; // Lemmy sends neither services nor metadata
  else doc.metadata = metadataFor(host);
  return doc;
}

function metadataFor(host: SimHost): Record<string, unknown> {
  const nodeName = host.name.split('.')[0] ?? host.name;
  if (host.software === 'pleroma' || host.software === 'akkoma') {
    return { nodeName, federation: { enabled: true, mrf_policies: ['SimplePolicy'], exclusions: false } };
  }
  if (host.software === 'misskey' || host.software === 'sharkey') {
    return { nodeName, maintainer: { name: 'admin', email: null }, langs: [], disableRegistration: !host.openRegistrations };
  }
  return { nodeName };
}

const GTS_DEFAULT_ROBOTS = `# GoToSocial robots.txt -- to edit, see internal/web/robots.go
User-agent: AI2Bot
User-agent: GPTBot
Disallow: /

# Rules for everything else.
User-agent: *
Crawl-delay: 500

# API endpoints.
Disallow: /api/

# Auth/Sign in endpoints.
Disallow: /auth/
Disallow: /oauth/

# Instance stats
Disallow: /nodeinfo/
Disallow: /.well-known/nodeinfo
`;

/** robots.txt text, or null for 404. */
export function robotsText(host: SimHost): string | null {
  if (host.fault === 'robots_disallow_all') return 'User-agent: *\nDisallow: /\n';
  if (host.fault === 'robots_disallow_token') {
    return 'User-agent: FediCensus\nDisallow: /\n\nUser-agent: *\nDisallow: /admin/\n';
  }
  if (host.fault === 'gotosocial_default_robots') return GTS_DEFAULT_ROBOTS;
  if (host.quirks.has('robots_disallow_api')) return 'User-agent: *\nDisallow: /api/\n';
  if (host.quirks.has('robots_disallow_other_bot')) return 'User-agent: GPTBot\nDisallow: /\n\nUser-agent: *\nAllow: /\n';
  if (host.software === 'gotosocial') return 'User-agent: *\nDisallow: /auth/\nDisallow: /oauth/\n';
  // Most servers: either no robots.txt at all or Mastodon's stock file; which one is fixed per name.
  return hashString(host.name) % 2 === 0 ? null : 'User-agent: *\nDisallow: /media_proxy/\nDisallow: /interact/\n';
}

export const PARKING_PAGE = `<!DOCTYPE html><html><head><title>This domain is for sale</title></head>
<body><h1>This domain may be for sale</h1><p>Buy this domain today.</p></body></html>\n`;

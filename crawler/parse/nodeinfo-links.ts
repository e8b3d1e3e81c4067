// `/.well-known/nodeinfo` (jhass/nodeinfo PROTOCOL.md): `{"links":[{"rel","href"}]}`. Read leniently, because
// real servers send `links` as an object or add a `"0"` key (old Hubzilla, old lemmy.ml), and WordPress sends
// `https://` rels; then choose one href the crawler may follow without being turned against a third party.
import { isRecord } from './values.ts';

/**
 * NodeInfo schema versions in order of preference (docs/contributing.md: 2.1 > 2.0 > 1.1 > 1.0). The 2.2 draft
 * is accepted but ranked last: the house rule names four versions, every server seen offering 2.2 also offers
 * 2.1 or 2.0, and the lenient NodeInfo parser reads a 2.2 document (a superset of 2.1) if it is all there is.
 */
export const NODEINFO_VERSIONS = ['2.1', '2.0', '1.1', '1.0', '2.2'] as const;
export type NodeInfoVersion = (typeof NODEINFO_VERSIONS)[number];

export interface NodeInfoLink {
  /** From the rel's trailing `/ns/schema/<version>`. */
  readonly version: NodeInfoVersion;
  /** As sent: absolute, relative or protocol-relative. */
  readonly href: string;
}

export type NodeInfoLinksResult =
  | { readonly ok: true; readonly links: readonly NodeInfoLink[] }
  | { readonly ok: false; readonly reason: string };

// Both schemes (WordPress sends https), an optional trailing slash or '#'. The host is required so that
// unrelated rels that end in a number (e.g. an ActivityStreams actor link) are not taken for NodeInfo.
const REL = /^https?:\/\/nodeinfo\.diaspora\.software\/ns\/schema\/(\d+\.\d+)\/?#?$/i;
// A well-known document listing more links than this is not a NodeInfo discovery document.
const MAX_CANDIDATES = 64;
const MAX_HREF = 2048;

/** Link objects wherever real servers put them: `links` as array or object, values of `links`, top-level keys. */
function candidates(body: unknown): unknown[] {
  if (Array.isArray(body)) return body.slice(0, MAX_CANDIDATES);
  if (!isRecord(body)) return [];
  const found: unknown[] = [];
  const links = body['links'];
  if (Array.isArray(links)) found.push(...links.slice(0, MAX_CANDIDATES));
  else if (isRecord(links)) {
    if ('rel' in links || 'href' in links) found.push(links);
    else found.push(...Object.values(links).slice(0, MAX_CANDIDATES));
  }
  // `{"links": {...}, "0": {...}}`: the extra links sit beside `links` (jaywink/federation's BUGGY fixture).
  for (const [key, value] of Object.entries(body)) {
    if (found.length >= MAX_CANDIDATES) break;
    if (key !== 'links' && isRecord(value) && 'rel' in value) found.push(value);
  }
  return found.slice(0, MAX_CANDIDATES);
}

const rank = (v: NodeInfoVersion): number => NODEINFO_VERSIONS.indexOf(v);

/** The NodeInfo links of a well-known document, most preferred version first (stable within a version). */
export function parseNodeInfoLinks(body: unknown): NodeInfoLinksResult {
  if (!isRecord(body) && !Array.isArray(body)) return { ok: false, reason: 'well-known nodeinfo is not a JSON object' };
  const links: NodeInfoLink[] = [];
  for (const item of candidates(body)) {
    if (!isRecord(item)) continue;
    const { rel, href } = item;
    if (typeof rel !== 'string' || typeof href !== 'string') continue;
    const version = REL.exec(rel.trim())?.[1];
    const trimmed = href.trim();
    if (!isVersion(version) || trimmed === '' || trimmed.length > MAX_HREF) continue;
    links.push({ version, href: trimmed });
  }
  if (links.length === 0) return { ok: false, reason: 'no NodeInfo link with a supported schema version' };
  links.sort((a, b) => rank(a.version) - rank(b.version)); // Array.prototype.sort is stable
  return { ok: true, links };
}

function isVersion(v: string | undefined): v is NodeInfoVersion {
  return (NODEINFO_VERSIONS as readonly string[]).includes(v ?? '');
}

export type ChosenNodeInfo =
  | { readonly ok: true; readonly version: NodeInfoVersion; readonly url: string }
  | { readonly ok: false; readonly reason: string };

const stripDot = (host: string): string => host.toLowerCase().replace(/\.$/, '');

/**
 * The first link (in the order given: most preferred first) that the crawler may follow: an http(s) href on the
 * server's own name or a subdomain of it (case-insensitive, trailing dot tolerated), resolved against
 * `https://<serverDomain>/` and upgraded to https. Hrefs on other hosts are skipped, as Minoru's crawler does,
 * so that a server cannot point the crawler at a third party; when every href is skipped, `reason` says why.
 */
export function chooseNodeInfoHref(links: readonly NodeInfoLink[], serverDomain: string): ChosenNodeInfo {
  const server = stripDot(serverDomain);
  const refused: string[] = [];
  for (const link of links) {
    let url: URL;
    try {
      url = new URL(link.href, `https://${server}/`);
    } catch {
      refused.push(`invalid href (${link.version})`);
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      refused.push(`${url.protocol} href (${link.version})`);
      continue;
    }
    const host = stripDot(url.hostname);
    if (host !== server && !host.endsWith(`.${server}`)) {
      refused.push(`${host} (${link.version})`);
      continue;
    }
    // Credentials in an href are never legitimate here and would be sent to the server: drop them.
    url.username = '';
    url.password = '';
    if (url.protocol === 'http:') url.protocol = 'https:';
    return { ok: true, version: link.version, url: url.href };
  }
  if (refused.length === 0) return { ok: false, reason: 'no NodeInfo link' };
  return { ok: false, reason: `every NodeInfo href points elsewhere: ${refused.slice(0, 5).join(', ')}` };
}

// Fetches a server's peer list, by software family (docs/contributing.md). Peer lists are the crawl's
// discovery: a failure here costs only the names this server would have added.
import type { HostSession } from './net/types.ts';
import { MAX_REQUESTS_PER_SERVER, PEER_LIST_MAX_BYTES } from './net/session.ts';
import { parseLemmyPeers, parseMastodonPeers, parseMisskeyPeers } from './discovery/peers.ts';
import { MASTODON_FAMILY, MISSKEY_FAMILY } from './software-extras.ts';

const MISSKEY_PAGE = 100; // Misskey's own maximum for `limit`

/** Software that serves Mastodon's `/api/v1/instance/peers`. */
export const PEERS_API_SOFTWARE: ReadonlySet<string> = new Set([
  ...MASTODON_FAMILY, 'pleroma', 'akkoma', 'gotosocial', 'friendica', 'snac', 'mitra',
]);

export async function fetchPeers(session: HostSession, software: string): Promise<Iterable<unknown>> {
  if (PEERS_API_SOFTWARE.has(software)) {
    const res = await session.getJson('/api/v1/instance/peers', { maxBytes: PEER_LIST_MAX_BYTES });
    if (!res.ok) return [];
    const list = parseMastodonPeers(res.body);
    return list.ok ? list.entries : [];
  }
  if (MISSKEY_FAMILY.has(software)) return misskeyPeers(session);
  if (software === 'lemmy') {
    const res = await session.getJson('/api/v3/federated_instances', { maxBytes: PEER_LIST_MAX_BYTES });
    if (!res.ok) return [];
    const list = parseLemmyPeers(res.body);
    return list.ok ? list.entries : [];
  }
  return [];
}

/**
 * Misskey pages its list 100 at a time. Paging stops at a short page, an error, or when the per-server
 * request cap is reached: a big Misskey server's list is then read only in part (documented in
 * docs/methodology.md).
 */
async function misskeyPeers(session: HostSession): Promise<Iterable<unknown>> {
  const pages: Iterable<unknown>[] = [];
  for (let offset = 0; session.requestCount < MAX_REQUESTS_PER_SERVER; offset += MISSKEY_PAGE) {
    const res = await session.getJson('/api/federation/instances', {
      method: 'POST',
      json: { limit: MISSKEY_PAGE, offset, sort: '+pubSub' },
      maxBytes: PEER_LIST_MAX_BYTES,
    });
    if (!res.ok) break;
    const page = parseMisskeyPeers(res.body);
    if (!page.ok) break;
    pages.push(page.entries);
    if (page.count < MISSKEY_PAGE) break;
  }
  return pages.flatMap((p) => [...p]);
}

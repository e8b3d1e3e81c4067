// Peer-list responses of the three API families (docs/contributing.md, crawl step 5). Each parser hands back the
// raw entries lazily: mastodon.social's list holds 120,000 names, so the body's array is walked once, by the
// caller's normalisation loop, and never copied. Entries are `unknown`: normalizeName decides what they are.
import { isRecord } from '../parse/values.ts';

export type PeerList =
  | {
      readonly ok: true;
      /** Raw entries, in the server's order; iterate once per call of `[Symbol.iterator]`. */
      readonly entries: Iterable<unknown>;
      /** Entries in this response: for Misskey's paging, a full page (the `limit` sent) means ask for more. */
      readonly count: number;
    }
  | { readonly ok: false; readonly reason: string };

/** `GET /api/v1/instance/peers` (Mastodon, Pleroma, Akkoma, GoToSocial, Friendica, snac, Mitra): `["name", ...]`. */
export function parseMastodonPeers(body: unknown): PeerList {
  if (!Array.isArray(body)) return notAList('peers', body);
  return { ok: true, entries: body, count: body.length };
}

/**
 * `POST /api/federation/instances` (Misskey family): `[{host, ...}, ...]`. A bare string entry is taken as the
 * name (lenient); an object without `host` yields undefined, which normalisation drops as non_string.
 */
export function parseMisskeyPeers(body: unknown): PeerList {
  if (!Array.isArray(body)) return notAList('federation/instances', body);
  return { ok: true, entries: field(body, 'host'), count: body.length };
}

/**
 * `GET /api/v3/federated_instances` (Lemmy): `{federated_instances: {linked: [...]}}`. Lemmy 0.17+ lists
 * objects `{id, domain, ...}`, Lemmy 0.16 plain strings: both are read. `allowed` and `blocked` are not peers
 * to crawl (and scraping block lists is what admins asked crawlers not to do), so only `linked` is read.
 */
export function parseLemmyPeers(body: unknown): PeerList {
  const instances = isRecord(body) ? body['federated_instances'] : undefined;
  const linked = isRecord(instances) ? instances['linked'] : undefined;
  // Lemmy returns `federated_instances: null` when federation is off: no peers, not an error.
  if (instances === null) return { ok: true, entries: [], count: 0 };
  if (!Array.isArray(linked)) return notAList('federated_instances.linked', body);
  return { ok: true, entries: field(linked, 'domain'), count: linked.length };
}

/** A re-iterable lazy view of `items[i][key]` (or the item itself when it is not an object). */
function field(items: readonly unknown[], key: string): Iterable<unknown> {
  return {
    *[Symbol.iterator]() {
      for (const item of items) yield isRecord(item) ? item[key] : item;
    },
  };
}

function notAList(what: string, body: unknown): PeerList {
  // A refusal such as GoToSocial's 401 body `{"error": "..."}` is worth quoting (briefly) in the reason.
  const error = isRecord(body) && typeof body['error'] === 'string' ? `: ${body['error'].slice(0, 120)}` : '';
  return { ok: false, reason: `${what} response is not a list${error}` };
}

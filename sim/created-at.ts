// Which creation time a server exposes to a crawler, what it is and where: the ONE place the simulated fediverse
// decides it. sim/software-api.ts and sim/account-docs.ts render these values into each software's documents;
// the ground truth (truth-server.ts, and through it the weekly figures' servers_created) reads them from here,
// never from the crawler. What each real
// software exposes, with its source, is in docs/protocol-notes.md ("Creation times").
import type { SimHost, SimSoftware } from './model.ts';
import { DAY_MS, existsAt } from './figures.ts';
import { hashString } from './prng.ts';

/** Mirrors crawler/observation.ts CreatedAtSource: the field a creation time was read from. */
export type SimCreatedAtSource =
  | 'mastodon_contact_account' // Mastodon API contact account created_at (Mastodon, Pleroma, GoToSocial, ...)
  | 'lemmy_site_published' // Lemmy GET /api/v3/site: site_view.site.published
  | 'misskey_first_local_user' // Misskey family POST /api/users: the oldest listed local account
  | 'peertube_root_account'; // PeerTube GET /api/v1/accounts/root: the account the installer creates

export interface ExposedCreatedAt {
  readonly at: Date;
  readonly source: SimCreatedAtSource;
}

/**
 * The account a host's setup creates (the admin, Misskey's root, PeerTube's `root`): made when the server was
 * installed. Real admins sign up minutes or days after the install; the sim takes the same instant, so the
 * exposed time equals the host's creation (or its midnight, for Mastodon).
 */
export function setupAccountCreatedAt(host: SimHost): Date {
  return host.createdAt;
}

/**
 * `created_at` of the contact account as the host's Mastodon API renders it. Mastodon sends the account's
 * midnight (REST::AccountSerializer#created_at: `object.created_at.midnight.as_json`, UTC by default); Pleroma
 * (AccountView, `to_masto_date(inserted_at)`), GoToSocial (`util.FormatISO8601(a.CreatedAt)`), Pixelfed
 * (AccountTransformer), Friendica and snac send the full time.
 */
export function contactAccountCreatedAt(host: SimHost): Date {
  const at = setupAccountCreatedAt(host);
  if (host.software !== 'mastodon') return at;
  return new Date(Math.floor(at.getTime() / DAY_MS) * DAY_MS);
}

/** Software whose contact account is an operator setting (unset by default): about half the hosts set it. */
const OPTIONAL_CONTACT: ReadonlySet<SimSoftware> = new Set(['pleroma', 'gotosocial', 'snac']);

/**
 * Whether the host's `/api/v1/instance` carries a contact account (docs/protocol-notes.md):
 * - Mastodon: `Setting.site_contact_username`, set by most admins (the `no_contact` quirk leaves it unset);
 * - Pleroma (`:instance, :contact_username`), GoToSocial (the admin's instance setting), snac
 *   (`admin_account` in server.json): unset by default, so decided per host by a hash of its name (no draw
 *   from the catalogue's generator, so adding this shifted no catalogue);
 * - Pixelfed and Friendica: always, the first admin account;
 * - Akkoma: never (its InstanceView has no contact_account).
 */
export function servesContactAccount(host: SimHost): boolean {
  if (host.software === 'mastodon') return !host.quirks.has('no_contact');
  if (host.software === 'pixelfed' || host.software === 'friendica') return true;
  if (OPTIONAL_CONTACT.has(host.software)) return hashString(host.name, 11) % 2 === 0;
  return false;
}

/** The creation time a correct crawl stores for `host` on `now` (servers.created_at), or null: see exposedCreation. */
export function exposedCreatedAt(host: SimHost, now: Date): Date | null {
  return exposedCreation(host, now)?.at ?? null;
}

/**
 * What a polite crawl that reads this host successfully on `now` learns of its creation, and from which field
 * (servers.created_at_source), or null: the host does not exist yet, fails (a fault decides its status, it is
 * never read), forbids `/api/` in robots.txt (every creation time sits under it), or its software exposes none
 * (Akkoma, WordPress, diaspora, an unset contact account).
 */
export function exposedCreation(host: SimHost, now: Date): ExposedCreatedAt | null {
  if (!existsAt(host, now) || host.fault !== 'none' || host.quirks.has('robots_disallow_api')) return null;
  switch (host.software) {
    case 'lemmy':
      return { at: host.createdAt, source: 'lemmy_site_published' };
    case 'misskey':
    case 'sharkey':
      return { at: setupAccountCreatedAt(host), source: 'misskey_first_local_user' };
    case 'peertube':
      return { at: setupAccountCreatedAt(host), source: 'peertube_root_account' };
    default:
      return servesContactAccount(host) ? { at: contactAccountCreatedAt(host), source: 'mastodon_contact_account' } : null;
  }
}

// Which creation time a server exposes to a crawler: the ONE place the simulated fediverse decides it, read
// by the ground truth (truth-server.ts) so a test's expected servers_created follows whatever software is
// taught to expose one. The documents that carry it are rendered in software-api.ts: Mastodon's contact
// account `created_at` (/api/v2/instance `contact.account`, /api/v1/instance `contact_account`; null with the
// no_contact quirk) and Lemmy's `site_view.site.published` (/api/v3/site).
import type { SimHost } from './model.ts';
import { existsAt } from './figures.ts';

/** The creation time a correct crawl stores for `host` on `now` (servers.created_at), or null when none is exposed. */
export function exposedCreatedAt(host: SimHost, now: Date): Date | null {
  if (!existsAt(host, now)) return null;
  // Every software API path sits under /api/: a robots.txt refusing it hides the field.
  if (host.quirks.has('robots_disallow_api')) return null;
  if (host.software === 'lemmy') return host.createdAt;
  if (host.software === 'mastodon') return host.quirks.has('no_contact') ? null : host.createdAt;
  return null;
}

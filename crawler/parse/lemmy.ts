// Lemmy's `GET /api/v3/site` (LemmyNet/lemmy-js-client GetSiteResponse): `site_view.counts` and
// `site_view.site.published`. Lemmy before mid-2023 counted remote users in `counts.users` (LemmyNet/lemmy#3419):
// the figure is stored as sent; that caveat belongs to the methodology, not to the parser.
import type { CheckedCount } from '../observation.ts';
import { checkCount } from '../quality.ts';
import { asText, asTimestamp, at } from './values.ts';

export interface LemmySite {
  /** `site_view.counts.users` */
  readonly usersTotal: CheckedCount;
  /** `site_view.counts.posts` */
  readonly localPosts: CheckedCount;
  /** `site_view.counts.users_active_month` */
  readonly usersActiveMonth: CheckedCount;
  /** `site_view.counts.users_active_half_year` */
  readonly usersActiveHalfyear: CheckedCount;
  /** `site_view.site.published`, the site's creation time; Lemmy 0.x sends it without a zone: UTC. */
  readonly createdAt: Date | null;
  /** Top-level `version` (absent before Lemmy 0.17). */
  readonly version: string | null;
}

export function parseLemmySite(body: unknown): LemmySite {
  const counts = (key: string): CheckedCount => checkCount(at(body, 'site_view', 'counts', key));
  return {
    usersTotal: counts('users'),
    localPosts: counts('posts'),
    usersActiveMonth: counts('users_active_month'),
    usersActiveHalfyear: counts('users_active_half_year'),
    createdAt: asTimestamp(at(body, 'site_view', 'site', 'published')),
    version: asText(at(body, 'version')),
  };
}

// The registry of known sources: where an observation in the census came from, with its provenance. The
// census's own crawl is 'fedicensus'; the others are files `fedicensus import` reads (./formats.ts). A source's
// figures are kept under its id (snapshots.source, weekly_activity.source, reference_series.source, ...) and
// shown per source, never summed into another's.
import { PROJECT_URL } from './project.ts';

export interface SourceProvenance {
  /** Stable id stored on every row of the source. */
  readonly id: string;
  readonly name: string;
  readonly url: string;
  /** The licence as the source states it; 'none stated' when it states none. */
  readonly licence: string;
  /** How the source collected what it holds. */
  readonly collected: string;
  /** What the source covers, and what it does not. */
  readonly coverage: string;
}

export const FEDICENSUS: SourceProvenance = {
  id: 'fedicensus',
  name: "fedicensus's own crawl",
  url: PROJECT_URL,
  licence: 'CC BY 4.0 (the published datasets)',
  collected: 'a daily crawl of every known server: NodeInfo, then the software APIs (docs/methodology.md)',
  coverage: 'every server the census knows by peer lists since its first crawl; attempts and outcomes per server and day',
};

export const ZEGL_MASTODON_STATS: SourceProvenance = {
  id: 'zegl-mastodon-stats',
  name: 'zegl/mastodon-stats crawl',
  url: 'https://github.com/zegl/mastodon-stats',
  licence: 'MIT (copyright 2022 Gustav Westling)',
  collected:
    "a daily crawl by Gustav Westling's mastodon-stats of Mastodon servers' /api/v1/instance (users, statuses, version, registrations, contact account) and, in its first run on 2022-11-27, /api/v1/instance/activity (12 weekly windows back to September 2022)",
  coverage:
    'Mastodon servers only: 1,024 on 2022-11-27, falling to 162 by 2023-03-20 as the crawler reached fewer of them (its coverage shrank, the network did not); mastodon.social is not in it; 2023-02-18 is missing; only servers it reached are listed, failures are not recorded',
};

export const JOINMASTODON: SourceProvenance = {
  id: 'joinmastodon',
  name: 'Mastodon official statistics (api.joinmastodon.org/statistics)',
  url: 'https://api.joinmastodon.org/statistics',
  licence: 'none stated',
  collected:
    "Mastodon gGmbH's network-wide daily totals (server_count, user_count, active_user_count), as archived by micahflee/mastodon-stats (statistics.json): the endpoint itself returns only recent days",
  coverage:
    "the servers Mastodon's own directory knows (about 2,900 in October 2022, 4,000 in early November, 9,800 by January 2023), mastodon.social included; published by Mastodon, computed by Mastodon, not by the census; a day's row can be read before the day is complete",
};

export const KNOWN_SOURCES: readonly SourceProvenance[] = [FEDICENSUS, ZEGL_MASTODON_STATS, JOINMASTODON];

export function sourceById(id: string): SourceProvenance | undefined {
  return KNOWN_SOURCES.find((s) => s.id === id);
}

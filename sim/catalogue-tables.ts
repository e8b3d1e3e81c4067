// Tables that shape a generated catalogue: software mix, versions, name parts, and how many hosts get each
// fault and quirk. Kept apart from the generator so the mix can be read (and tuned) at a glance.
import type { SimFault, SimQuirk, SimSoftware } from './model.ts';

/** Share of live hosts per software, roughly the fediverse's mix (Mastodon dominant). */
export const SOFTWARE_WEIGHTS: Readonly<Record<SimSoftware, number>> = {
  mastodon: 40, pleroma: 6, akkoma: 4, gotosocial: 6, misskey: 6, sharkey: 4, lemmy: 10,
  peertube: 6, friendica: 4, snac: 3, wordpress: 4, pixelfed: 4, diaspora: 3,
};

export const VERSIONS: Readonly<Record<SimSoftware, readonly string[]>> = {
  mastodon: ['4.3.2', '4.4.2', '4.2.12', '4.5.0-nightly.2025-07-11'],
  pleroma: ['2.7.2', '2.6.3'],
  akkoma: ['3.13.2', '3.15.1'],
  gotosocial: ['0.17.3 git-8e6f5ea', '0.18.1'],
  misskey: ['2024.11.0', '2025.4.0'],
  sharkey: ['2024.9.1', '2025.2.2'],
  lemmy: ['0.19.5', '0.19.8'],
  peertube: ['6.3.2', '7.0.1'],
  friendica: ['2024.08', '2024.12'],
  snac: ['2.59', '2.68'],
  wordpress: ['6.6.2', '6.7.1'],
  pixelfed: ['0.12.4', '0.12.5'],
  diaspora: ['0.7.18.2', '0.9.0.0'],
};
export const LEGACY_MASTODON_VERSION = '3.5.3';

export const NAME_PREFIX: Readonly<Record<SimSoftware, string>> = {
  mastodon: 'masto', pleroma: 'pleroma', akkoma: 'akkoma', gotosocial: 'gts', misskey: 'misskey',
  sharkey: 'shark', lemmy: 'lemmy', peertube: 'tube', friendica: 'friendica', snac: 'snac',
  wordpress: 'blog', pixelfed: 'pixel', diaspora: 'pod',
};

/** Registrable domains under real, public TLDs (never special-use ones). */
export const NAME_DOMAINS: readonly string[] = [
  'sim-social.net', 'sim-links.org', 'fedisim.de', 'simverse.io', 'sim-town.social', 'simpods.eu', 'sim-cafe.fr',
];
/** Unicode first labels for IDN hosts; the catalogue stores their punycode. */
export const UNICODE_LABELS: readonly string[] = ['café', 'bücher', '日本', 'ñandú', 'φως'];

/** Faults on live hosts: share of live hosts each (at least a couple of each in any catalogue of size). */
export const FAULT_SHARES: readonly (readonly [SimFault, number])[] = [
  ['hang', 0.012], ['huge_nodeinfo', 0.01], ['redirect_loop', 0.012], ['redirect_other_host', 0.012],
  ['malformed_json', 0.015], ['parking_page', 0.015], ['nodeinfo_5xx', 0.015], ['robots_5xx', 0.012],
  ['robots_disallow_all', 0.02], ['robots_disallow_token', 0.02], ['no_nodeinfo', 0.02], ['gone', 0.012],
  ['nodeinfo_foreign_host', 0.012], ['no_software_name', 0.01],
];

export interface QuirkRule {
  readonly quirk: SimQuirk;
  readonly share: number;
  readonly eligible: (s: SimSoftware) => boolean;
  /** Quirks of one group shape the same document; a host gets at most one per group. */
  readonly group?: string;
  /** Costs an extra request; a host gets at most two, so every crawl stays under 12 requests per host. */
  readonly addsRequest?: boolean;
}

const any = (): boolean => true;
const isMastodon = (s: SimSoftware): boolean => s === 'mastodon';
const isMisskey = (s: SimSoftware): boolean => s === 'misskey' || s === 'sharkey';
export const PEERS_BY_MASTODON_API: ReadonlySet<SimSoftware> = new Set([
  'mastodon', 'pleroma', 'akkoma', 'gotosocial', 'friendica', 'snac',
]);

export const QUIRK_RULES: readonly QuirkRule[] = [
  { quirk: 'slow', share: 0.02, eligible: any },
  { quirk: 'numbers_as_strings', share: 0.04, eligible: (s) => s !== 'wordpress' && s !== 'diaspora' },
  { quirk: 'capitalised_name', share: 0.03, eligible: isMastodon },
  { quirk: 'links_object', share: 0.02, eligible: any, group: 'wellknown' },
  { quirk: 'links_zero_key', share: 0.015, eligible: any, group: 'wellknown' },
  { quirk: 'nodeinfo_subdomain', share: 0.02, eligible: any, group: 'wellknown', addsRequest: true },
  { quirk: 'http_href', share: 0.02, eligible: any, group: 'wellknown' },
  { quirk: 'same_host_redirect', share: 0.02, eligible: any, addsRequest: true },
  {
    quirk: 'rate_limited', share: 0.02, addsRequest: true,
    eligible: (s) => isMastodon(s) || isMisskey(s) || s === 'lemmy' || s === 'peertube',
  },
  { quirk: 'implausible', share: 0.04, eligible: (s) => s !== 'diaspora', group: 'usage' },
  { quirk: 'sparse_nodeinfo', share: 0.03, eligible: (s) => s !== 'diaspora', group: 'usage' },
  // Pixelfed's NodeInfo lives under /api/, so disallowing /api/ there would change its status.
  { quirk: 'robots_disallow_api', share: 0.02, eligible: (s) => s !== 'pixelfed', group: 'robots' },
  { quirk: 'robots_disallow_other_bot', share: 0.02, eligible: any, group: 'robots' },
  { quirk: 'peers_disabled', share: 0.03, eligible: (s) => PEERS_BY_MASTODON_API.has(s) },
  { quirk: 'activity_disabled', share: 0.02, eligible: isMastodon },
  { quirk: 'activity_unaligned', share: 0.1, eligible: isMastodon },
  { quirk: 'no_contact', share: 0.02, eligible: isMastodon },
  { quirk: 'legacy_v1_instance', share: 0.03, eligible: isMastodon, addsRequest: true },
  { quirk: 'many_peers', share: 0.01, eligible: isMisskey },
];

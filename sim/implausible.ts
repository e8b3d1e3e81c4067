// Implausible NodeInfo counts seen in the wild (GoToSocial's "baffle" mode, broken plugins, stringly typed
// servers), each with the flag the plausibility rules of docs/contributing.md must give it.
import { FIGURE_FIELDS, indexHosts, type CountFlag, type FigureField, type SimCatalogue, type SimHost } from './model.ts';
import type { Prng } from './prng.ts';

interface Variant {
  readonly raw: unknown;
  readonly flag: CountFlag;
  /** Only localPosts is sent as an object by real servers (jaywink/federation's fixture). */
  readonly field?: FigureField;
}

const VARIANTS: readonly Variant[] = [
  { raw: -5, flag: 'negative' },
  { raw: '-7', flag: 'negative' },
  { raw: 12.5, flag: 'fractional' },
  { raw: 'abc', flag: 'not_a_number' },
  { raw: true, flag: 'not_a_number' },
  { raw: 1_000_000_000, flag: 'too_large' },
  { raw: '4000000000', flag: 'too_large' },
  { raw: { all: 3, direct: 1 }, flag: 'not_a_number', field: 'localPosts' },
];

export function implausibleFor(prng: Prng, host: SimHost): NonNullable<SimHost['implausible']> {
  const variant = prng.pick(VARIANTS);
  // Replace a field the host really reports, so the flag is the only thing that changes.
  const fields = FIGURE_FIELDS.filter((f) => host.base[f] !== null);
  const field = variant.field ?? prng.pick(fields.length > 0 ? fields : ['localPosts']);
  return { field, raw: variant.raw, flag: variant.flag };
}

/** What an absurd server claims, each figure a plausible-looking number that passes the per-value rules. */
export interface AbsurdClaim {
  readonly usersTotal: number;
  readonly usersActiveMonth: number;
}

/**
 * The catalogue with one host claiming absurd figures (a server whose NodeInfo says 999,999,999 users and a
 * handful of monthly actives: real servers claim 1.5 M users, report exactly 100,000 monthly actives, or
 * count every account of a site). The claim never moves (growing, 999,999,999 would soon pass 10^9 and fail
 * the per-value rules instead); everything else about the host stays, so its peers and status are unchanged
 * and the ground truth reads the claim like any other figure.
 */
export function withAbsurdClaim(catalogue: SimCatalogue, name: string, claim: AbsurdClaim): SimCatalogue {
  const hosts = catalogue.hosts.map((h) =>
    h.name !== name ? h : {
      ...h,
      growthPerDay: 0,
      base: { ...h.base, usersTotal: claim.usersTotal, usersActiveMonth: claim.usersActiveMonth, usersActiveHalfyear: claim.usersActiveMonth },
    },
  );
  return { ...catalogue, hosts, byName: indexHosts(hosts) };
}

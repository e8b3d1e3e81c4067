// Implausible NodeInfo counts seen in the wild (GoToSocial's "baffle" mode, broken plugins, stringly typed
// servers), each with the flag the plausibility rules of docs/contributing.md must give it.
import { FIGURE_FIELDS, type CountFlag, type FigureField, type SimHost } from './model.ts';
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

// What a list of peer names is made of: how many distinct servers it names, how many entries repeat, why the
// rest are dropped, and which registrable domains fill it. For the discovery report, the operator's log, and
// the tests that pin the behaviour on real lists (docs/discovery-real-peer-list.md).
import { normalizeName, type DropReason } from '../../core/server-name.ts';
import { registrableDomain } from './registrable.ts';

export interface RegistrableGroup {
  readonly domain: string;
  /** Distinct kept names under this registrable domain. */
  readonly names: number;
}

export interface NameSummary {
  /** Entries read. total = kept + duplicates + sum(dropped). */
  readonly total: number;
  /** Distinct names after normalisation. */
  readonly kept: number;
  /** Entries that normalised to a name already counted (e.g. `host:443` beside `host`, `McDev.Tech` beside `mcdev.tech`). */
  readonly duplicates: number;
  /** Entries dropped, by reason (reasons with no drop are absent). */
  readonly dropped: Readonly<Partial<Record<DropReason, number>>>;
  /** Up to `examplesPerReason` raw entries per reason, in list order, for reports. */
  readonly dropExamples: Readonly<Partial<Record<DropReason, readonly unknown[]>>>;
  /** The registrable domains with the most kept names, most first (ties by name). */
  readonly topRegistrableDomains: readonly RegistrableGroup[];
}

export interface SummaryOptions {
  readonly top?: number;
  readonly examplesPerReason?: number;
}

/** Normalises every entry once (streaming: the entries are not copied) and counts. Never throws. */
export function summarizeNames(entries: Iterable<unknown>, options: SummaryOptions = {}): NameSummary {
  const top = options.top ?? 10;
  const examplesPerReason = options.examplesPerReason ?? 3;
  const names = new Set<string>();
  const groups = new Map<string, number>();
  const dropped: Partial<Record<DropReason, number>> = {};
  const dropExamples: Partial<Record<DropReason, unknown[]>> = {};
  let total = 0;
  let duplicates = 0;
  for (const entry of entries) {
    total++;
    const result = normalizeName(entry);
    if (!result.ok) {
      dropped[result.reason] = (dropped[result.reason] ?? 0) + 1;
      const examples = (dropExamples[result.reason] ??= []);
      if (examples.length < examplesPerReason) examples.push(entry);
    } else if (names.has(result.name)) {
      duplicates++;
    } else {
      names.add(result.name);
      const group = registrableDomain(result.name);
      groups.set(group, (groups.get(group) ?? 0) + 1);
    }
  }
  const topRegistrableDomains = [...groups]
    .sort(([a, m], [b, n]) => n - m || (a < b ? -1 : a > b ? 1 : 0))
    .slice(0, top)
    .map(([domain, count]) => ({ domain, names: count }));
  return { total, kept: names.size, duplicates, dropped, dropExamples, topRegistrableDomains };
}

// Method changes (definitions.ts, "method_changes"): the dated events that change what a series measures,
// computed from the census (first crawl, coverage jumps, days without a crawl) plus a dated list of definition
// changes kept here with the code, so a chart can mark them and a dataset can ship them as a changelog.
import type { Db } from '../db.ts';
import { addDays } from './dates.ts';
import { crawledDays } from './days.ts';
import { sourceChanges } from './sources.ts';

export const METHOD_CHANGE_KINDS = ['first_crawl', 'definition', 'coverage', 'no_crawl', 'source'] as const;
export type MethodChangeKind = (typeof METHOD_CHANGE_KINDS)[number];

export interface MethodChange {
  /** YYYY-MM-DD (UTC): the day the change takes effect. */
  readonly day: string;
  readonly kind: MethodChangeKind;
  /** The software it concerns; null for the whole census. */
  readonly software: string | null;
  /** One line for a chart marker. */
  readonly title: string;
  /** What changed and what it does to the figures. */
  readonly detail: string;
}

/** coverage: servers reached ok change by more than this share of the previous crawled day's... */
export const COVERAGE_JUMP_SHARE = 0.2;
/** ...and by more than this many servers (both must hold: a small census moves by a few servers). */
export const COVERAGE_JUMP_SERVERS = 10;

/** Changes of definition, dated by the day the code that computes the new one was released. */
export const DEFINITION_CHANGES: readonly Omit<MethodChange, 'kind'>[] = [
  {
    day: '2026-12-01',
    software: null,
    title: 'servers_joined counts only servers whose creation time is known',
    detail:
      'servers_joined became servers_created: a server that exposes no creation time no longer joins in the week of its first crawl; ' +
      'servers_first_reached counts every server in that week instead (the discovery series). Weeks of the first crawl lost their spike.',
  },
  {
    day: '2026-12-01',
    software: null,
    title: 'users_joined splits into users_registered and users_growth, week by week',
    detail:
      "A server counts from its activity windows in the weeks they cover and from the growth of its users_total in the other weeks " +
      '(before: from its windows only, in every week, once it had any).',
  },
  {
    day: '2026-12-01',
    software: null,
    title: 'Summary sums leave out servers flagged against the rest of the network or with an inflated count',
    detail:
      'Figures of servers flagged outlier_total, active_vanishing, posts_per_user, known_inflation or active_above_total are left ' +
      'out of the summary\'s sums by default ' +
      '(anomalies=include gives the raw sums); left_out says how many servers and users.',
  },
];

// Per crawled day (a day with an attempt or a snapshot): the servers reached ok (snapshots) that day.
const percent = (share: number): string => `${share >= 0 ? '+' : ''}${Math.round(share * 100)}%`;

/** Every method change of the census, by day then kind (first_crawl, definition, coverage, no_crawl, source). */
export async function methodChanges(db: Db): Promise<MethodChange[]> {
  // The crawled days as GET /days lists them (./days.ts), servers seen ok on each.
  const days = (await crawledDays(db)).map((d) => ({ day: d.day, ok: d.servers }));
  const out: MethodChange[] = [];
  const first = days[0];
  if (first) {
    out.push({
      day: first.day,
      kind: 'first_crawl',
      software: null,
      title: 'First crawl',
      detail: `The census's first crawl reached ${first.ok} servers. Weeks before it hold registrations from activity windows only; ` +
        'every figure summed over servers starts here, at the coverage of that crawl.',
    });
  }
  for (const change of DEFINITION_CHANGES) out.push({ ...change, kind: 'definition' });
  for (let i = 1; i < days.length; i++) {
    const prev = days[i - 1]!;
    const cur = days[i]!;
    const delta = cur.ok - prev.ok;
    const share = prev.ok === 0 ? Infinity : delta / prev.ok;
    if (Math.abs(delta) > COVERAGE_JUMP_SERVERS && Math.abs(share) > COVERAGE_JUMP_SHARE) {
      out.push({
        day: cur.day,
        kind: 'coverage',
        software: null,
        title: `Servers reached ${delta > 0 ? 'rose' : 'fell'} from ${prev.ok} to ${cur.ok}${Number.isFinite(share) ? ` (${percent(share)})` : ''}`,
        detail: `Servers reached ok on ${cur.day} against ${prev.day}, the previous crawled day. Sums over servers (users, monthly actives, ` +
          'posts, servers) move with coverage here, not with growth; changes between servers observed on both days are not affected.',
      });
    }
    const gap = dayDiff(prev.day, cur.day) - 1;
    if (gap > 0) {
      const start = addDays(prev.day, 1);
      const end = addDays(cur.day, -1);
      out.push({
        day: start,
        kind: 'no_crawl',
        software: null,
        title: gap === 1 ? `No crawl on ${start}` : `No crawl from ${start} to ${end} (${gap} days)`,
        detail: `No server was contacted between ${prev.day} and ${cur.day}: daily series have no point there, and growth across the gap ` +
          `is counted in the week of ${cur.day}.`,
      });
    }
  }
  // A change of the source of observations (api/metrics/sources.ts): the figures before and after are sums
  // over what different crawlers observed, and are marked as such, never joined silently.
  for (const change of await sourceChanges(db)) {
    const reached = change.to.map((s) => `${s}: ${change.servers[s] ?? 0} servers`).join(', ');
    out.push({
      day: change.day,
      kind: 'source',
      software: null,
      title: `Source of observations: ${change.from.join(' + ')} to ${change.to.join(' + ')}`,
      detail: `From ${change.day} the day's figures sum observations from ${change.to.join(' and ')} (${reached}), the day before from ` +
        `${change.from.join(' and ')}. Each source has its own coverage and way of collecting (meta.sources, docs/import.md): a step here is a change of source, not growth.`,
    });
  }
  const order = (k: MethodChangeKind) => METHOD_CHANGE_KINDS.indexOf(k);
  return out.sort((a, b) => a.day.localeCompare(b.day) || order(a.kind) - order(b.kind) || a.title.localeCompare(b.title));
}

function dayDiff(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

// The arithmetic of the reference comparison (check page) and of "Is this claim right?" (claim page), free of
// the DOM so it can be tested. Reads figures/history.json (web/history-model.ts): a reference series as its
// publisher published it, and the census's own figures; it never sums the one into the other.
import { addDays, mondayOf } from '../../api/metrics/dates.ts';
import type { CensusDayRow, HistoryFile, PublishedQuote, ReferenceRow } from '../history-model.ts';

/** The row of `day`, else the nearest published day before it; null when the series starts later. */
export function referenceRowOn(rows: readonly ReferenceRow[], day: string): ReferenceRow | null {
  let found: ReferenceRow | null = null;
  for (const row of rows) {
    if (row[0] > day) break;
    found = row;
  }
  return found;
}

export interface ReferenceSpan {
  readonly from: ReferenceRow;
  readonly to: ReferenceRow;
  /** user_count(to) - user_count(from): accounts gained, as the publisher counts them. */
  readonly usersChange: number | null;
  readonly serversChange: number | null;
  /** active_user_count on the `to` row. */
  readonly activeTo: number | null;
}

export function referenceSpan(rows: readonly ReferenceRow[], from: string, to: string): ReferenceSpan | null {
  const a = referenceRowOn(rows, from);
  const b = referenceRowOn(rows, to);
  if (!a || !b) return null;
  const diff = (x: number | null, y: number | null) => (x === null || y === null ? null : y - x);
  return { from: a, to: b, usersChange: diff(a[1], b[1]), serversChange: diff(a[2], b[2]), activeTo: b[3] };
}

export interface CensusSpan {
  readonly fromWeek: string;
  readonly toWeek: string;
  /** users_joined summed over the weeks whose Monday lies between the Mondays of from and to; null when none is known. */
  readonly usersJoined: number | null;
  /** The census's last day on or before `to`: users summed over the servers reached, and how many. */
  readonly day: CensusDayRow | null;
}

export function censusSpan(file: HistoryFile, from: string, to: string): CensusSpan {
  const fromWeek = mondayOf(from);
  const toWeek = mondayOf(to);
  // Weeks where nothing could be known (null) add nothing; the span is null when no week of it is known.
  const known = file.census.weeks.filter(([w, n]) => w >= fromWeek && w <= toWeek && n !== null);
  const usersJoined = known.length ? known.reduce((sum, [, n]) => sum + n!, 0) : null;
  let day: CensusDayRow | null = null;
  for (const row of file.census.days) if (row[0] <= to) day = row;
  return { fromWeek, toWeek, usersJoined, day };
}

export function quoteFor(file: HistoryFile, from: string, to: string): PublishedQuote | null {
  return file.quotes.find((q) => q.from === from && q.to === to) ?? null;
}

/** Why the census's figure and the reference series differ over a span: coverage, definitions, timing. */
export function differenceReasons(file: HistoryFile, census: CensusSpan, span: ReferenceSpan | null): string[] {
  const reasons: string[] = [];
  const ref = file.reference;
  const who = ref ? `the series ${ref.publishedBy}` : 'the reference series';
  const servers = span?.to[2];
  reasons.push(
    `Coverage: the census's sign-ups come from the activity windows of ${file.census.windowedServers.toLocaleString('en')} servers` +
      (servers ? `, of about ${servers.toLocaleString('en')} servers in ${who} on ${span!.to[0]}` : '') +
      (file.census.hasMastodonSocial ? '.' : '; mastodon.social, the largest server, is not among them.'),
  );
  reasons.push(
    `Definitions: the census counts sign-ups (registrations in each server's weekly activity windows, weeks starting on Monday), ` +
      `while ${who} counts accounts: user_count is the accounts on the servers its directory knows, so its change also moves when servers join or leave the directory.`,
  );
  reasons.push(
    `Span: the census sums whole weeks (${census.fromWeek} to ${census.toWeek}); the series compares two daily rows` +
      (span ? ` (${span.from[0]} and ${span.to[0]}).` : '.'),
  );
  const quote = quoteFor(file, span?.from[0] ?? '', span?.to[0] ?? '');
  if (quote) reasons.push(`Timing: ${quote.by} gave ${quote.usersJoined?.toLocaleString('en')} users and ${quote.active?.toLocaleString('en')} monthly actives, ${quote.note}.`);
  return reasons;
}

// ---- "Is this claim right?" ----

export const CLAIM_METRICS = ['users', 'active', 'servers', 'users_joined'] as const;
export type ClaimMetric = (typeof CLAIM_METRICS)[number];

export const CLAIM_METRIC_LABELS: Readonly<Record<ClaimMetric, string>> = {
  users: 'users (accounts) on a day',
  active: 'monthly active users on a day',
  servers: 'servers on a day',
  users_joined: 'users joined over a span',
};

const SCALE: Readonly<Record<string, number>> = { k: 1e3, thousand: 1e3, m: 1e6, mn: 1e6, million: 1e6, millions: 1e6, b: 1e9, billion: 1e9 };

/** A figure as people write it: "1.5 million", "4,600", "489k", "about 1,028,362", "+506,785". Null if none. */
export function parseFigure(text: string): number | null {
  const m = /([0-9][0-9,.\u00a0 ]*)\s*(k|thousand|mn|m|million|millions|b|billion)?\b/i.exec(text.replace(/^[^0-9]*/, ''));
  if (!m) return null;
  let digits = m[1]!.trim().replace(/[\u00a0 ]/g, '');
  const scale = m[2] ? SCALE[m[2].toLowerCase()]! : 1;
  // "1,028,362" and "4,600": commas group thousands; "1.5": a decimal point (only with a scale or a short tail).
  if (/^\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits)) digits = digits.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+$/.test(digits) && scale === 1) digits = digits.replace(/\./g, '');
  else digits = digits.replace(/,/g, '.');
  const n = Number(digits) * scale;
  return Number.isFinite(n) && n > 0 ? Math.round(n) : null;
}

export interface ClaimQuery {
  readonly value: number;
  readonly metric: ClaimMetric;
  /** For a level (users, active, servers) the day the claim is about; for users_joined the end of the span. */
  readonly to: string;
  /** For users_joined, the start of the span; for a level, optional: the claim's window starts here. */
  readonly from?: string | null;
}

export interface DayValue {
  readonly day: string;
  readonly value: number;
}

export interface ClaimAnswer {
  readonly query: ClaimQuery;
  /** The reference series over the same span: the level on `to`, or the change from `from` to `to`. */
  readonly reference: { readonly value: number | null; readonly fromDay: string | null; readonly toDay: string | null } | null;
  /** The published day nearest the claim's dates (a week either side) whose value is closest to the figure. */
  readonly closest: DayValue | null;
  /** Consecutive published days between which the series passed the figure, anywhere in the series. */
  readonly crossings: readonly (readonly [DayValue, DayValue])[];
  /** The census's own figure for the same span; null where its sources did not report it (with why). */
  readonly census: { readonly value: number | null; readonly text: string };
  readonly verdict: 'matches' | 'close' | 'differs' | 'no reference';
  readonly explanations: readonly string[];
}

const METRIC_COLUMN: Readonly<Record<Exclude<ClaimMetric, 'users_joined'>, 1 | 2 | 3>> = { users: 1, servers: 2, active: 3 };

export function answerClaim(file: HistoryFile, query: ClaimQuery): ClaimAnswer {
  const rows = file.reference?.rows ?? [];
  const who = file.reference ? `the series ${file.reference.publishedBy}` : 'the reference series';
  const from = query.from && query.from <= query.to ? query.from : null;
  const explanations: string[] = [];
  let reference: ClaimAnswer['reference'] = null;
  let series: DayValue[] = [];
  if (query.metric === 'users_joined') {
    const start = from ?? addDays(query.to, -7);
    const span = referenceSpan(rows, start, query.to);
    if (span) reference = { value: span.usersChange, fromDay: span.from[0], toDay: span.to[0] };
    // The change since `start`, for every possible end day: which end day matches the figure best.
    const base = span?.from[1] ?? null;
    series = base === null ? [] : rows.filter((r) => r[0] > start && r[1] !== null).map((r) => ({ day: r[0], value: r[1]! - base }));
  } else {
    const column = METRIC_COLUMN[query.metric];
    const row = referenceRowOn(rows, query.to);
    if (row) reference = { value: row[column], fromDay: null, toDay: row[0] };
    series = rows.filter((r) => r[column] !== null).map((r) => ({ day: r[0], value: r[column]! }));
  }
  const windowFrom = addDays(from ?? query.to, -7);
  const windowTo = addDays(query.to, 7);
  let closest: DayValue | null = null;
  for (const p of series) {
    if (p.day < windowFrom || p.day > windowTo) continue;
    if (!closest || Math.abs(p.value - query.value) < Math.abs(closest.value - query.value)) closest = p;
  }
  const crossings: [DayValue, DayValue][] = [];
  for (let i = 1; i < series.length; i++) {
    const a = series[i - 1]!;
    const b = series[i]!;
    if ((a.value - query.value) * (b.value - query.value) <= 0 && a.value !== b.value) crossings.push([a, b]);
  }
  const nearCrossing = crossings.find(([a, b]) => b.day >= windowFrom && a.day <= windowTo);
  // The gap as a share of the claimed figure; a claim of 0 matches only 0.
  const gap = closest ? Math.abs(closest.value - query.value) : Infinity;
  const share = query.value === 0 ? (gap === 0 ? 0 : Infinity) : gap / Math.abs(query.value);
  const verdict: ClaimAnswer['verdict'] = rows.length === 0 ? 'no reference' : nearCrossing || share <= 0.005 ? 'matches' : share <= 0.05 ? 'close' : 'differs';
  const census = censusFigure(file, query, from);
  explanations.push(...claimExplanations(file, query, reference, census, who));
  return { query, reference, closest, crossings, census, verdict, explanations };
}

function censusFigure(file: HistoryFile, query: ClaimQuery, from: string | null): ClaimAnswer['census'] {
  if (query.metric === 'users_joined') {
    const span = censusSpan(file, from ?? addDays(query.to, -7), query.to);
    return { value: span.usersJoined, text: `users joined in the weeks ${span.fromWeek} to ${span.toWeek}, from the activity windows of ${file.census.windowedServers.toLocaleString('en')} servers` };
  }
  let day: CensusDayRow | null = null;
  for (const row of file.census.days) if (row[0] <= query.to) day = row;
  const first = file.census.days[0]?.[0];
  if (!day) return { value: null, text: `not observed: the census's daily figures start on ${first ?? 'no day yet'}` };
  if (query.metric === 'users') return { value: day[1], text: `users on the ${day[2].toLocaleString('en')} servers the census's sources reached on ${day[0]}` };
  if (query.metric === 'servers') return { value: day[2], text: `servers the census's sources reached on ${day[0]}` };
  if (day[4] === 0 || day[3] === null) return { value: null, text: `not reported: the census's sources gave no monthly actives on ${day[0]}` };
  return { value: day[3], text: `monthly actives on the ${day[4].toLocaleString('en')} servers reporting them on ${day[0]}` };
}

function claimExplanations(file: HistoryFile, query: ClaimQuery, reference: ClaimAnswer['reference'], census: ClaimAnswer['census'], who: string): string[] {
  const lines: string[] = [];
  if (reference?.toDay && reference.toDay !== query.to) lines.push(`${capital(who)} has no row for ${query.to}; the nearest earlier row (${reference.toDay}) is used.`);
  lines.push(`A daily row of ${who} can be read before the day is complete: a figure quoted on the day can be lower than the archived row.`);
  if (query.metric === 'users_joined') lines.push(`${capital(who)} counts accounts gained on the servers its directory knows (new servers joining the directory bring their accounts with them); the census counts sign-ups on the servers it observed.`);
  if (query.metric === 'servers') lines.push(`${capital(who)} counts the servers its directory knew that day; the census counts the servers its sources reached.`);
  if (query.metric === 'active') lines.push(`Monthly actives are each server's own count of users active in the past 30 days, summed: a person with accounts on two servers counts twice.`);
  if (census.value === null) {
    lines.push(`Coverage: the census has no figure here (${census.text}); ${who} covers the whole directory${file.census.hasMastodonSocial ? '' : ", mastodon.social included (the census's sources do not have it)"}.`);
  } else if (reference?.value) {
    lines.push(`Coverage: the census's figure (${census.value.toLocaleString('en')}) covers ${census.text}; ${who} covers the whole directory${file.census.hasMastodonSocial ? '' : ", mastodon.social included (the census's sources do not have it)"}.`);
  }
  return lines;
}

const capital = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

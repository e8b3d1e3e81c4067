// The figure checker's arithmetic, kept free of the DOM so it can be tested against the API's own sums and
// run by the build for the page's no-JavaScript figures. Users and servers joined over a span are sums of the
// API's weekly rows (api/metrics weeklyJoinsBySoftware) over the weeks with a day in the span, exactly as
// sumWeeks does; the changes in reported users and in monthly actives are api/metrics usersChange's and
// activeChange's: the nearest day on or before each date (of the days the build kept, see web/collect.ts
// daysToCompare), summed over the servers reporting on both.
import { isCalendarDay, mondaysBetween } from '../../api/metrics/dates.ts';
import type { ChangeFigures, CheckFile, CoverageRow, DayRow } from '../model.ts';
import { partialWeek } from '../weeks.ts';

export interface CheckState {
  /** Latest known software (servers.software); '' for every server. */
  readonly software: string;
  readonly from: string;
  readonly to: string;
}

/** A parameter of a link the census cannot answer, and why, for a person. */
export interface LinkProblem {
  readonly param: 'software' | 'from' | 'to';
  readonly value: string;
  readonly message: string;
}

/** What a link asks for: the state when every parameter is good, else the problems (and nothing to show). */
export type ParsedLink =
  | { readonly ok: true; readonly state: CheckState }
  | { readonly ok: false; readonly problems: readonly LinkProblem[]; readonly fallback: CheckState };

/** Servers compared on two days: the change of a count over the servers reporting it on both. */
export interface PairChange {
  readonly fromDay: string;
  readonly toDay: string;
  /** null when no server reports on both days (as api/metrics activeChange: not reported is not zero). */
  readonly change: number | null;
  /** Servers reporting the count on both days, and their sums on each (null when none). */
  readonly compared: number;
  readonly fromValue: number | null;
  readonly toValue: number | null;
  /** Servers reporting on one of the two days only: left out of the sums. */
  readonly onlyFrom: number;
  readonly onlyTo: number;
}

export interface CheckResult extends CheckState {
  /** Mondays of the weeks summed: every week with a day in the span, oldest first. */
  readonly weeks: readonly string[];
  /** The week of `weeks` whose days the data do not all cover yet (the data end in it), or null. */
  readonly partialWeek: string | null;
  /** users_registered + users_growth, the parts that are known; null when neither is. */
  readonly usersJoined: number | null;
  readonly usersRegistered: number | null;
  readonly usersGrowth: number | null;
  /** Equal to serversCreated: a server with no known creation time never joins. */
  readonly serversJoined: number;
  readonly serversCreated: number;
  /** Servers first read in the span's weeks: discovery; null when no week of it was crawled. */
  readonly serversFirstReached: number | null;
  /** Net change in reported users (users_total); null when no day to compare lies on or before `from`. */
  readonly users: PairChange | null;
  /** Change in monthly active users; null likewise. */
  readonly active: PairChange | null;
  /** The servers that drove users joined, largest first (at most TOP_SERVERS), with their users joined. */
  readonly topServers: readonly { readonly domain: string; readonly users: number }[];
  /** The scope's servers with a snapshot on the last crawled day of the span, and that day's census coverage. */
  readonly lastDay: DayRow | null;
  readonly coverage: CoverageRow | null;
}

/** The first and last day a link may ask for: the earliest week with a figure, and the latest crawled day. */
export function dataSpan(file: CheckFile): { readonly first: string; readonly last: string } | null {
  if (!file.dataAsOf) return null;
  let first = file.firstDay ?? file.dataAsOf;
  for (const rows of Object.values(file.weekly)) for (const [week] of rows) if (week < first) first = week;
  return { first, last: file.dataAsOf };
}

/** The default: every software, from the first crawl to the latest. */
export function defaultState(file: CheckFile): CheckState {
  return { software: '', from: file.firstDay ?? file.dataAsOf ?? '', to: file.dataAsOf ?? '' };
}

/**
 * Reads ?software=&from=&to=. A missing or empty parameter takes its default; software is matched in any
 * letter case; anything else the census cannot answer (an unknown software, a malformed date, a date outside
 * the data, from after to) is a problem, named, never silently replaced by a default.
 */
export function parseLink(params: URLSearchParams, file: CheckFile): ParsedLink {
  const defaults = defaultState(file);
  const span = dataSpan(file);
  const problems: LinkProblem[] = [];
  const asked = (name: 'software' | 'from' | 'to'): string | null => {
    const value = params.get(name)?.trim() ?? '';
    return value === '' ? null : value;
  };
  let software = defaults.software;
  const askedSoftware = asked('software');
  if (askedSoftware !== null) {
    const found = file.software.find((s) => s.name.toLowerCase() === askedSoftware.toLowerCase());
    if (found) software = found.name;
    else problems.push({ param: 'software', value: askedSoftware, message: `no software called “${askedSoftware}” in the census` });
  }
  const day = (name: 'from' | 'to', fallback: string): string => {
    const value = asked(name);
    if (value === null) return fallback;
    if (!isCalendarDay(value)) {
      problems.push({ param: name, value, message: `“${value}” is not a calendar day written YYYY-MM-DD` });
      return fallback;
    }
    if (span && value < span.first) {
      problems.push({ param: name, value, message: `${value} is before the census's earliest figure (${span.first})` });
      return fallback;
    }
    if (span && value > span.last) {
      problems.push({ param: name, value, message: `${value} is after the latest data (${span.last})` });
      return fallback;
    }
    return value;
  };
  const from = day('from', defaults.from);
  const to = day('to', defaults.to);
  if (problems.length === 0 && from > to) problems.push({ param: 'from', value: from, message: `${from} is after the end of the span (${to})` });
  const state = { software, from, to };
  return problems.length === 0 ? { ok: true, state } : { ok: false, problems, fallback: from > to ? { ...state, from: to } : state };
}

/** The canonical query of a state: the one link the checker cites for it. */
export function stateToQuery(state: CheckState): string {
  const q = new URLSearchParams();
  if (state.software) q.set('software', state.software);
  q.set('from', state.from);
  q.set('to', state.to);
  return q.toString();
}

export function computeCheck(file: CheckFile, state: CheckState): CheckResult {
  const weeks = mondaysBetween(state.from, state.to);
  const first = weeks[0]!;
  const last = weeks[weeks.length - 1]!;
  // Sums as api/metrics sumWeeks adds rows: a part nobody reported stays null, never 0.
  let usersRegistered: number | null = null;
  let usersGrowth: number | null = null;
  let serversCreated = 0;
  let serversFirstReached: number | null = null;
  for (const [software, rows] of Object.entries(file.weekly)) {
    if (state.software !== '' && software !== state.software) continue;
    for (const [week, registered, growth, created, reached] of rows) {
      if (week < first || week > last) continue;
      usersRegistered = sumKnown(usersRegistered, registered);
      usersGrowth = sumKnown(usersGrowth, growth);
      serversCreated += created;
      serversFirstReached = sumKnown(serversFirstReached, reached);
    }
  }
  const partial = partialWeek(file.dataAsOf);
  const days = (file.daily[state.software] ?? []).filter(([day]) => day >= state.from && day <= state.to);
  const lastDay = days[days.length - 1] ?? null;
  const coverage = lastDay ? (file.coverage.find(([day]) => day === lastDay[0]) ?? null) : null;
  return {
    ...state,
    weeks,
    partialWeek: partial !== null && weeks.includes(partial) ? partial : null,
    usersJoined: sumKnown(usersRegistered, usersGrowth),
    usersRegistered,
    usersGrowth,
    serversJoined: serversCreated,
    serversCreated,
    serversFirstReached,
    topServers: topServers(file, state, first, last),
    users: pairChange(file.usersChange, state),
    active: pairChange(file.change, state),
    lastDay,
    coverage,
  };
}

/** activeChange (or usersChange) from the build's pairs: per software rows added up, as the API sums servers. */
export function pairChange(figures: ChangeFigures, state: CheckState): PairChange | null {
  const { days, pairs, reporting } = figures;
  const i = lastIndexOnOrBefore(days, state.from);
  const j = lastIndexOnOrBefore(days, state.to);
  if (i < 0 || j < 0) return null;
  let compared = 0;
  let fromValue = 0;
  let toValue = 0;
  let reportingFrom = 0;
  let reportingTo = 0;
  for (const [software, rows] of Object.entries(pairs)) {
    if (state.software !== '' && software !== state.software) continue;
    for (const [f, t, n, a, b] of rows) {
      if (f !== i || t !== j) continue;
      compared += n;
      fromValue += a;
      toValue += b;
    }
  }
  for (const [software, counts] of Object.entries(reporting)) {
    if (state.software !== '' && software !== state.software) continue;
    reportingFrom += counts[i] ?? 0;
    reportingTo += counts[j] ?? 0;
  }
  return {
    fromDay: days[i]!,
    toDay: days[j]!,
    change: compared === 0 ? null : toValue - fromValue,
    compared,
    fromValue: compared === 0 ? null : fromValue,
    toValue: compared === 0 ? null : toValue,
    onlyFrom: reportingFrom - compared,
    onlyTo: reportingTo - compared,
  };
}

/** The change in monthly actives (kept under its old name for the tests that compare it with the API). */
export const activeChange = (file: CheckFile, state: CheckState): PairChange | null => pairChange(file.change, state);

/** How many servers the checker names behind a figure. */
export const TOP_SERVERS = 10;

/** Users joined per server over the weeks `first`..`last` (Mondays), the largest TOP_SERVERS. */
function topServers(file: CheckFile, state: CheckState, first: string, last: string): { domain: string; users: number }[] {
  const byServer = new Map<number, number>();
  for (const [software, rows] of Object.entries(file.servers.rows)) {
    if (state.software !== '' && software !== state.software) continue;
    for (const [week, domain, users] of rows) {
      if (week >= first && week <= last) byServer.set(domain, (byServer.get(domain) ?? 0) + users);
    }
  }
  return [...byServer]
    .map(([i, users]) => ({ domain: file.servers.domains[i]!, users }))
    .sort((a, b) => b.users - a.users || a.domain.localeCompare(b.domain))
    .slice(0, TOP_SERVERS);
}

const sumKnown = (a: number | null, b: number | null): number | null => (a === null ? b : b === null ? a : a + b);

function lastIndexOnOrBefore(days: readonly string[], day: string): number {
  let found = -1;
  for (let k = 0; k < days.length && days[k]! <= day; k++) found = k;
  return found;
}

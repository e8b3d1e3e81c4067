// The figure checker's arithmetic, kept free of the DOM so it can be tested against the API's own sums.
// Users and servers joined over a span are sums of the API's weekly rows (api/metrics weeklyJoinsBySoftware)
// over the weeks whose Monday lies between the Mondays of `from` and `to`, exactly as sumWeeks does; the
// change in monthly actives is api/metrics activeChange's: the nearest day on or before each date (of the days
// the build kept, see web/collect.ts daysToCompare), summed over the servers reporting on both.
import { isCalendarDay, mondayOf } from '../../api/metrics/dates.ts';
import type { CheckFile, CoverageRow, DayRow } from '../model.ts';

export interface CheckState {
  /** Latest known software (servers.software); '' for every server. */
  readonly software: string;
  readonly from: string;
  readonly to: string;
}

export interface CheckResult extends CheckState {
  readonly fromWeek: string;
  readonly toWeek: string;
  readonly usersJoined: number;
  readonly serversJoined: number;
  /** Null when no day to compare lies on or before `from`. */
  readonly active: {
    readonly fromDay: string;
    readonly toDay: string;
    /** null when no server reports on both days (as api/metrics activeChange: not reported is not zero). */
    readonly change: number | null;
    /** Servers reporting monthly actives on both days, and their sums on each (null when none). */
    readonly compared: number;
    readonly fromValue: number | null;
    readonly toValue: number | null;
    /** Servers reporting on one of the two days only: left out of the sums. */
    readonly onlyFrom: number;
    readonly onlyTo: number;
  } | null;
  /** The scope's servers with a snapshot on the last crawled day of the span, and that day's census coverage. */
  readonly lastDay: DayRow | null;
  readonly coverage: CoverageRow | null;
}

/** The state a URL asks for, with anything missing or invalid replaced by the widest valid choice. */
export function stateFrom(params: URLSearchParams, file: CheckFile): CheckState {
  const names = new Set(file.software.map((s) => s.name));
  const asked = params.get('software') ?? '';
  const software = names.has(asked) ? asked : '';
  const first = file.firstDay ?? file.dataAsOf ?? '';
  const last = file.dataAsOf ?? '';
  let from = validDay(params.get('from')) ?? first;
  let to = validDay(params.get('to')) ?? last;
  if (from > to) [from, to] = [to, from];
  return { software, from, to };
}

export function stateToQuery(state: CheckState): string {
  const q = new URLSearchParams();
  if (state.software) q.set('software', state.software);
  q.set('from', state.from);
  q.set('to', state.to);
  return q.toString();
}

export function computeCheck(file: CheckFile, state: CheckState): CheckResult {
  const fromWeek = mondayOf(state.from);
  const toWeek = mondayOf(state.to);
  let usersJoined = 0;
  let serversJoined = 0;
  for (const [software, rows] of Object.entries(file.weekly)) {
    if (state.software !== '' && software !== state.software) continue;
    for (const [week, users, servers] of rows) {
      if (week < fromWeek || week > toWeek) continue;
      usersJoined += users;
      serversJoined += servers;
    }
  }
  const days = (file.daily[state.software] ?? []).filter(([day]) => day >= state.from && day <= state.to);
  const last = days[days.length - 1];
  const active = activeChange(file, state);
  const coverage = last ? (file.coverage.find(([day]) => day === last[0]) ?? null) : null;
  return { ...state, fromWeek, toWeek, usersJoined, serversJoined, active, lastDay: last ?? null, coverage };
}

/** activeChange from the build's pairs: per software rows added up, as activeChange sums servers. */
export function activeChange(file: CheckFile, state: CheckState): CheckResult['active'] {
  const { days, pairs, reporting } = file.change;
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

function lastIndexOnOrBefore(days: readonly string[], day: string): number {
  let found = -1;
  for (let k = 0; k < days.length && days[k]! <= day; k++) found = k;
  return found;
}

function validDay(text: string | null): string | null {
  return text !== null && isCalendarDay(text) ? text : null;
}

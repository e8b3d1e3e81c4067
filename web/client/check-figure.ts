// The figure checker's arithmetic, kept free of the DOM so it can be tested against the API's own sums.
// Users and servers joined over a span are sums of the API's weekly rows (api/metrics weeklyJoinsBySoftware)
// over the weeks whose Monday lies between the Mondays of `from` and `to`, exactly as sumWeeks does; the
// change in monthly actives compares the first crawled day on or after `from` with the last on or before `to`.
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
  /** Null when the span holds fewer than two crawled days with data for this software. */
  readonly active: {
    readonly fromDay: string;
    readonly toDay: string;
    readonly change: number;
    readonly fromValue: number;
    readonly toValue: number;
    readonly reportingFrom: number;
    readonly reportingTo: number;
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
  const first = days[0];
  const last = days[days.length - 1];
  const active =
    first && last && first !== last
      ? {
          fromDay: first[0],
          toDay: last[0],
          fromValue: first[2],
          toValue: last[2],
          change: last[2] - first[2],
          reportingFrom: first[3],
          reportingTo: last[3],
        }
      : null;
  const coverage = last ? (file.coverage.find(([day]) => day === last[0]) ?? null) : null;
  return { ...state, fromWeek, toWeek, usersJoined, serversJoined, active, lastDay: last ?? null, coverage };
}

function validDay(text: string | null): string | null {
  return text !== null && isCalendarDay(text) ? text : null;
}

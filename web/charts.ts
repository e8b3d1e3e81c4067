// Turns the API's rows into charts. Each chart's table, CSV and canvas all come from the one ChartData made
// here, so the three can never disagree. Wording of the notes follows docs/methodology.md.
import type { DailyPoint, HistoryPoint, ActivityPoint, SoftwareFigures, WeekJoins } from '../api/metrics/index.ts';
import type { ChartData, ChartSeries } from './model.ts';

/** Shares are drawn for the largest few; the rest are summed into one bar so the chart stays readable. */
export const TOP_SOFTWARE = 12;
export const TOP_VERSIONS = 15;

/** One series per field of the API's rows, named as the field: the CSV column is the API's column. */
function fields<K extends string>(rows: readonly Readonly<Record<K, number | null>>[], names: readonly K[]): ChartSeries[] {
  return names.map((name) => ({ name, values: rows.map((r) => r[name]) }));
}

export function usersOverTime(
  id: string,
  csv: string,
  users: readonly DailyPoint[],
  active: readonly DailyPoint[],
  scope: string,
): ChartData {
  const days = users.map((p) => p.day);
  const activeByDay = new Map(active.map((p) => [p.day, p.value]));
  const last = users[users.length - 1];
  const lastActive = active[active.length - 1];
  return {
    id,
    title: `Users and monthly active users, ${scope}`,
    description: `Line chart: total users and monthly active users of ${scope} on each crawled day.`,
    kind: 'line',
    labelHeader: 'day',
    labels: days,
    series: [
      { name: 'users_total', values: users.map((p) => p.value) },
      { name: 'users_active_month', values: days.map((d) => activeByDay.get(d) ?? null) },
    ],
    csv,
    note:
      `Sums over the servers with a snapshot on each day, skipping missing and implausible figures` +
      (last && lastActive
        ? `; on ${last.day}, ${last.reporting} servers reported users and ${lastActive.reporting} reported monthly actives.`
        : '.'),
  };
}

export function weeklyBars(
  id: string,
  csv: string,
  weeks: readonly WeekJoins[],
  figure: 'users_joined' | 'servers_joined',
  scope: string,
  dataAsOf: string | null,
): ChartData {
  const what = figure === 'users_joined' ? 'Users joined' : 'Servers joined';
  const partial = dataAsOf ? ` The week of ${dataAsOf} is incomplete: the data end on that day.` : '';
  const note =
    figure === 'users_joined'
      ? 'Sign-ups from Mastodon activity windows where a server publishes them, else growth in users between crawls; ' +
        'weeks before the first crawl come from activity windows alone.' + partial
      : "Each server counts once, in the week of its creation date where it exposes one, else the week it was first reached." + partial;
  return {
    id,
    title: `${what} each week, ${scope}`,
    description: `Bar chart: ${what.toLowerCase()} per week (weeks start on Monday, UTC), ${scope}.`,
    kind: 'bar',
    labelHeader: 'week',
    labels: weeks.map((w) => w.week),
    series: fields(weeks, [figure]),
    csv,
    note,
  };
}

export function softwareShare(id: string, csv: string, software: readonly SoftwareFigures[], day: string): ChartData {
  const sorted = [...software].sort((a, b) => (b.users_total ?? -1) - (a.users_total ?? -1) || a.name.localeCompare(b.name));
  const top = sorted.slice(0, TOP_SOFTWARE);
  const rest = sorted.slice(TOP_SOFTWARE);
  const rows = top.map((s) => ({ name: s.name, users: s.users_total, active: s.users_active_month }));
  if (rest.length) {
    rows.push({
      name: `${rest.length} other software`,
      users: rest.reduce((n, s) => n + (s.users_total ?? 0), 0),
      active: rest.reduce((n, s) => n + (s.users_active_month ?? 0), 0),
    });
  }
  return {
    id,
    title: `Users by software on ${day}`,
    description: `Horizontal bar chart: users and monthly active users of each software on ${day}.`,
    kind: 'hbar',
    labelHeader: 'software',
    labels: rows.map((r) => r.name),
    series: [
      { name: 'users_total', values: rows.map((r) => r.users) },
      { name: 'users_active_month', values: rows.map((r) => r.active) },
    ],
    csv,
    note: 'Software as each server reported it that day. A server that reports no user count adds none.',
  };
}

/** Servers by their latest version: `versions` maps a version (or null) to a count of servers. */
export function versionBars(id: string, csv: string, versions: ReadonlyMap<string | null, number>, software: string): ChartData {
  const sorted = [...versions].sort((a, b) => b[1] - a[1] || String(a[0]).localeCompare(String(b[0])));
  const top = sorted.slice(0, TOP_VERSIONS);
  const rest = sorted.slice(TOP_VERSIONS);
  const rows: [string, number][] = top.map(([v, n]) => [v ?? 'not reported', n]);
  if (rest.length) rows.push([`${rest.length} other versions`, rest.reduce((n, [, c]) => n + c, 0)]);
  return {
    id,
    title: `Versions of ${software}`,
    description: `Horizontal bar chart: servers running ${software} by the version they reported when last reached.`,
    kind: 'hbar',
    labelHeader: 'version',
    labels: rows.map((r) => r[0]),
    series: [{ name: 'servers', values: rows.map((r) => r[1]) }],
    csv,
    note: 'Each server counted once, with the version of its latest snapshot.',
  };
}

export function serverHistory(id: string, csv: string, domain: string, history: readonly HistoryPoint[]): ChartData {
  return {
    id,
    title: `Users of ${domain}`,
    description: `Line chart: total users, monthly active users and local posts reported by ${domain} on each day it was reached.`,
    kind: 'line',
    labelHeader: 'day',
    labels: history.map((h) => h.day),
    series: fields(history, ['users_total', 'users_active_month', 'local_posts']),
    csv,
    note: 'As the server reported them; a gap is a day it was not reached or a figure it did not report or that failed the plausibility rules.',
  };
}

export function serverActivity(id: string, csv: string, domain: string, activity: readonly ActivityPoint[]): ChartData {
  return {
    id,
    title: `Weekly activity of ${domain}`,
    description: `Bar chart: registrations, logins and posts per week published by ${domain} (Mastodon activity).`,
    kind: 'bar',
    labelHeader: 'week',
    labels: activity.map((a) => a.week),
    series: fields(activity, ['registrations', 'logins', 'statuses']),
    csv,
    note: "From the server's /api/v1/instance/activity; each window is filed under the week (Monday, UTC) holding most of its days.",
  };
}

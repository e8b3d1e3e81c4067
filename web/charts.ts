// Turns the API's rows into charts. Each chart's table, CSV and canvas all come from the one ChartData made
// here, so the three can never disagree. Wording of the notes follows docs/methodology.md.
import type { DailyPoint, HistoryPoint, ActivityPoint, SoftwareFigures, WeekJoins } from '../api/metrics/index.ts';
import { mondayOf } from '../api/metrics/dates.ts';
import type { ChartData, ChartSeries } from './model.ts';
import { partialWeekNote } from './weeks.ts';

/** The sum of the values reported; null when none was (not reported is not zero). */
function sumKnown(values: readonly (number | null)[]): number | null {
  return values.reduce<number | null>((n, v) => (v === null ? n : (n ?? 0) + v), null);
}

/** Shares are drawn for the largest few; the rest are summed into one bar so the chart stays readable. */
export const TOP_SOFTWARE = 12;
export const TOP_VERSIONS = 15;

/** What readers see for each of the API's columns: legends, tooltips and table headers never show the column name. */
export const SERIES_LABELS: Readonly<Record<string, string>> = {
  users_total: 'Users',
  users_active_month: 'Monthly active users',
  local_posts: 'Local posts',
  users_joined: 'Users joined',
  users_registered: 'Sign-ups reported (activity windows)',
  users_growth: 'Growth of reported users',
  servers_joined: 'Servers joined',
  servers_created: 'Servers created (survivors, counted when crawled)',
  servers_first_reached: 'Servers first reached (discovery)',
  servers: 'Servers',
  registrations: 'Registrations',
  logins: 'Logins',
  statuses: 'Posts',
};

/** The reader's header of a chart's label column. */
const LABEL_TITLES: Readonly<Record<string, string>> = {
  day: 'Day (UTC)',
  week: 'Week starting (Monday, UTC)',
  software: 'Software',
  version: 'Version',
};

export const labelTitle = (header: string): string => LABEL_TITLES[header] ?? header;

/** A series named as the API's column (the CSV header), labelled for readers. */
export function series(name: string, values: readonly (number | null)[]): ChartSeries {
  return { name, label: SERIES_LABELS[name] ?? name, values };
}

/** One series per field of the API's rows, named as the field: the CSV column is the API's column. */
function fields<K extends string>(rows: readonly Readonly<Record<K, number | null>>[], names: readonly K[]): ChartSeries[] {
  return names.map((name) => series(name, rows.map((r) => r[name])));
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
    labelTitle: labelTitle('day'),
    labels: days,
    series: [
      series('users_total', users.map((p) => p.value)),
      series('users_active_month', days.map((d) => activeByDay.get(d) ?? null)),
    ],
    csv,
    note:
      `Sums over the servers with a snapshot on each day, skipping missing and implausible figures` +
      (last && lastActive
        ? `; on ${last.day}, ${last.reporting} servers reported users and ${lastActive.reporting} reported monthly actives.`
        : '.'),
  };
}

/** Users joined each week, stacked from its two parts, with the weeks before the first crawl shaded as backfill. */
export function usersJoinedBars(
  id: string,
  csv: string,
  weeks: readonly WeekJoins[],
  scope: string,
  dataAsOf: string | null,
  firstDay: string | null,
): ChartData {
  const labels = weeks.map((w) => w.week);
  const firstCrawlWeek = firstDay ? mondayOf(firstDay) : null;
  const backfill = firstCrawlWeek === null ? 0 : labels.filter((w) => w < firstCrawlWeek).length;
  return {
    id,
    title: `Users joined each week, ${scope}`,
    description: `Stacked bar chart: users joined per week (weeks start on Monday, UTC), ${scope}: sign-ups reported by servers and growth of reported totals.`,
    kind: 'bar',
    stacked: true,
    labelHeader: 'week',
    labelTitle: labelTitle('week'),
    labels,
    series: fields(weeks, ['users_registered', 'users_growth']),
    csv,
    note:
      'Users joined is the two parts stacked: sign-ups servers report in their Mastodon activity windows, and the growth of ' +
      "reported user totals in the weeks a server's windows do not cover (never a fall; anomalous growth left out). " +
      (backfill > 0
        ? `The ${backfill === 1 ? 'week' : `${backfill} weeks`} before the first crawl (${firstDay}, shaded) are backfill from reported sign-ups only: ` +
          'they hold no growth, so the rise at the first crawl is a change of method, not growth.'
        : 'Before the first crawl there is no growth to measure, only reported sign-ups.') +
      partialWeekNote(dataAsOf),
    ...(backfill > 0 ? { regions: [{ from: 0, to: backfill - 1, label: 'Backfill: reported sign-ups only' }] } : {}),
  };
}

/** Servers created (known creation times) and servers first reached (discovery), side by side: never one spike. */
export function serversBars(
  id: string,
  csv: string,
  weeks: readonly WeekJoins[],
  scope: string,
  dataAsOf: string | null,
  creationTimes: { readonly known: number; readonly servers: number } | null,
): ChartData {
  const known = creationTimes && creationTimes.servers > 0
    ? ` ${creationTimes.known} of ${creationTimes.servers} servers (${Math.round((creationTimes.known / creationTimes.servers) * 100)}%) expose a creation time.`
    : '';
  return {
    id,
    title: `Servers created and first reached each week, ${scope}`,
    description: `Bar chart: per week (weeks start on Monday, UTC), servers created and servers first reached by the census, ${scope}.`,
    kind: 'bar',
    labelHeader: 'week',
    labelTitle: labelTitle('week'),
    labels: weeks.map((w) => w.week),
    series: fields(weeks, ['servers_created', 'servers_first_reached']),
    csv,
    note:
      'Servers created counts the servers alive when crawled, in the week of the creation time they expose: survivors, so ' +
      'servers that closed before the census are missing and older weeks are undercounted; a server that exposes no creation time is never counted as created.' +
      known +
      ' Servers first reached is the week the census first read each server: discovery, not growth.' +
      partialWeekNote(dataAsOf),
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
      users: sumKnown(rest.map((s) => s.users_total)),
      active: sumKnown(rest.map((s) => s.users_active_month)),
    });
  }
  return {
    id,
    title: `Users by software on ${day}`,
    description: `Horizontal bar chart: users and monthly active users of each software on ${day}.`,
    kind: 'hbar',
    labelHeader: 'software',
    labelTitle: labelTitle('software'),
    labels: rows.map((r) => r.name),
    series: [
      series('users_total', rows.map((r) => r.users)),
      series('users_active_month', rows.map((r) => r.active)),
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
    labelTitle: labelTitle('version'),
    labels: rows.map((r) => r[0]),
    series: [series('servers', rows.map((r) => r[1]))],
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
    labelTitle: labelTitle('day'),
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
    labelTitle: labelTitle('week'),
    labels: activity.map((a) => a.week),
    series: fields(activity, ['registrations', 'logins', 'statuses']),
    csv,
    note: "From the server's /api/v1/instance/activity; each window is filed under the week (Monday, UTC) holding most of its days.",
  };
}

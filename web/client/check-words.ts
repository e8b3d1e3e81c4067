// What the figure checker says about a result, as plain data: the build writes it into check.html (so the page
// shows the latest figures without JavaScript) and app.js writes it into the same elements for any other
// choice. Wording follows docs/methodology.md. Pure: no DOM.
import type { CheckFile } from '../model.ts';
import { sundayOf } from '../weeks.ts';
import type { CheckResult, LinkProblem, PairChange } from './check-figure.ts';
import { formatNumber, formatPercent, formatSigned } from './format.ts';

/** "1 server", "2 servers", with the number formatted for the reader. */
export function count(n: number, one: string, many = `${one}s`): string {
  return `${formatNumber(n)} ${n === 1 ? one : many}`;
}

/** One figure of the result: its element's id, the raw number (data-n) and the text shown. */
export interface FigureView {
  readonly id: string;
  readonly value: number | null;
  readonly text: string;
}

export interface CheckView {
  readonly figures: readonly FigureView[];
  /** Which weeks were summed, in a sentence. */
  readonly span: string;
  /** Each week summed, as a reader reads it; the partial one says so. */
  readonly weeks: readonly { readonly week: string; readonly text: string; readonly partial: boolean }[];
  /** Why users joined and the net change in reported users differ, in one line. */
  readonly why: string;
  readonly coverage: readonly string[];
  /** The servers that drove users joined: a sentence, then one row each. */
  readonly topIntro: string;
  readonly top: readonly { readonly domain: string; readonly users: number; readonly text: string }[];
  /** The anomalies left out of the latest summary, each in a line. */
  readonly leftOut: readonly string[];
  readonly citation: string;
}

export function scopeName(software: string): string {
  return software === '' ? 'all fediverse servers in the census' : `${software} servers`;
}

export function checkView(file: CheckFile, r: CheckResult, permalink: string): CheckView {
  return {
    figures: [
      known('check-users', r.usersJoined),
      known('check-users-registered', r.usersRegistered),
      known('check-users-growth', r.usersGrowth),
      { id: 'check-users-change', value: r.users?.change ?? null, text: r.users ? signedOrNot(r.users.change) : noDay(r) },
      known('check-servers', r.serversCreated),
      known('check-servers-reached', r.serversFirstReached),
      { id: 'check-active', value: r.active?.change ?? null, text: r.active ? signedOrNot(r.active.change) : noDay(r) },
    ],
    leftOut: leftOutLines(file),
    ...topView(file, r),
    span: spanSentence(file, r),
    weeks: r.weeks.map((week) => {
      const partial = week === r.partialWeek;
      return { week, partial, text: `${week} to ${sundayOf(week)}${partial ? ` (partial: the data end on ${file.dataAsOf})` : ''}` };
    }),
    why: whyTheyDiffer(r),
    coverage: coverageLines(file, r),
    citation: citation(file, r, permalink),
  };
}

const noDay = (r: CheckResult): string => `no crawl on or before ${r.from}`;

/** A part of a whole as a percentage in the reader's locale (one decimal, as every share on the site). */
const share = (part: number, whole: number): string => formatPercent(part / whole);

function topView(file: CheckFile, r: CheckResult): Pick<CheckView, 'topIntro' | 'top'> {
  const total = r.usersJoined;
  if (r.topServers.length === 0 || total === null || total <= 0) {
    return { topIntro: 'No server added users joined in these weeks.', top: [] };
  }
  const sum = r.topServers.reduce((n, s) => n + s.users, 0);
  const kept = file.servers.keptPerWeek;
  return {
    topIntro:
      `The ${count(r.topServers.length, 'server')} that drove users joined most: together ${formatNumber(sum)} of ${formatNumber(total)} (${share(sum, total)}).` +
      (kept === null ? '' : ` On a census this large, each server's sum counts the weeks it was among the ${kept} largest of its software.`),
    top: r.topServers.map((s) => ({ ...s, text: `${s.domain}: ${count(s.users, 'user')} joined, ${share(s.users, total)} of the figure` })),
  };
}

const numberOrNot = (n: number | null): string => (n === null ? 'not reported' : formatNumber(n));
const signedOrNot = (n: number | null): string => (n === null ? 'not reported' : formatSigned(n));

/** A figure, or "not reported" where no server reported anything for it: never a 0 it does not know. */
const known = (id: string, value: number | null): FigureView => ({ id, value, text: value === null ? 'not reported' : formatNumber(value) });

/** The anomalies the latest summary leaves out, and why: the checker lists them beside its figures. */
function leftOutLines(file: CheckFile): string[] {
  const l = file.leftOut;
  if (!l) return [];
  if (l.servers === 0) return [`No server was left out of the summary of ${l.day}: none was flagged as an outlier, an inflated count or more monthly active users than users.`];
  return [
    `The summary of ${l.day} leaves out the figures of ${count(l.servers, 'server')} flagged as anomalies (${count(l.usersTotal, 'user')}, ` +
      `${formatNumber(l.usersActiveMonth)} monthly active, and any posts they claimed): they are in no headline sum. Users joined counts only ` +
      "each server's own growth, and leaves out growth flagged as an anomaly (a jump, an erratic step, an inflated count, or a claim left out above).",
    ...l.byKind.map(([kind, servers, users, why]) => `${kind}: ${count(servers, 'server')}, ${count(users, 'user')} left out: the server ${why}.`),
    ...l.flagged.map(([domain, kind, detail]) => `${domain} (${kind})${detail ? `: ${detail}` : ''}.`),
  ];
}

function spanSentence(file: CheckFile, r: CheckResult): string {
  const first = r.weeks[0]!;
  const last = r.weeks[r.weeks.length - 1]!;
  const partial = r.partialWeek ? ` The week starting ${r.partialWeek} is partial: the data end on ${file.dataAsOf}.` : '';
  return (
    `Scope: ${scopeName(r.software)}. Users and servers joined are summed over ${count(r.weeks.length, 'week')} (Monday to Sunday, UTC): ` +
    `every week with a day between ${r.from} and ${r.to}, so from ${first} to ${sundayOf(last)}.${partial}`
  );
}

function whyTheyDiffer(r: CheckResult): string {
  return r.users
    ? `Why the two user figures differ: users joined counts sign-ups and each server's rises in whole weeks, never a fall, ` +
        `while the net change compares reported users on ${r.users.fromDay} and ${r.users.toDay} over the ${count(r.users.compared, 'server')} reporting on both, ` +
        `so deleted accounts, totals that fell and servers found or lost in between make them differ.`
    : 'Why the two user figures differ: users joined counts sign-ups and rises in whole weeks; the net change needs a crawl on or before the first day, and there is none.';
}

function pairLine(what: string, c: PairChange): string {
  return (
    `${what}: compared over the ${count(c.compared, 'server')} reporting them on both ${c.fromDay} and ${c.toDay} ` +
    `(${numberOrNot(c.fromValue)} then ${numberOrNot(c.toValue)}); ${count(c.onlyFrom, 'server')} reporting only on ${c.fromDay} ` +
    `and ${formatNumber(c.onlyTo)} only on ${c.toDay} (found, lost or silent in between) are left out, so coverage does not count as change.`
  );
}

function coverageLines(file: CheckFile, r: CheckResult): string[] {
  const lines: string[] = [
    `Servers joined counts the ${count(r.serversCreated, 'server')} created in these weeks whose creation time is known, survivors counted when crawled; ` +
      (r.serversFirstReached === null
        ? 'no week of the span was crawled, so no server was first reached in it.'
        : `the census first reached ${count(r.serversFirstReached, 'server')} in them, which is discovery, not growth.`),
  ];
  const d = r.lastDay;
  if (d) {
    lines.push(`Covers the ${count(d[1], `${r.software ? `${r.software} ` : ''}server`)} the census read on ${d[0]}, and every server it read before.`);
    if (r.users) lines.push(pairLine('Reported users', r.users));
    if (r.active) lines.push(pairLine('Monthly active users', r.active));
  }
  const c = r.coverage;
  if (c) {
    lines.push(`Leaves out servers the census could not read: on ${c[0]} it read ${formatNumber(c[3])} of ${count(c[1], 'known server')}; ${formatNumber(c[4])} asked not to be counted (robots.txt).`);
  }
  if (r.software) lines.push(`A server counts under the software it ran when last read; servers never read have no known software and are not in any software's figure.`);
  if (file.firstDay && r.from < file.firstDay) lines.push(`Before the first crawl (${file.firstDay}) users joined come only from Mastodon's activity windows (up to 12 weeks back); servers joined from servers' creation dates.`);
  lines.push('Opted-out servers (robots.txt or the exclude list) are in no figure. Counts are what servers report about themselves.');
  return lines;
}

function citation(file: CheckFile, r: CheckResult, permalink: string): string {
  const first = r.weeks[0]!;
  const last = r.weeks[r.weeks.length - 1]!;
  const partial = r.partialWeek ? `, the last week partial: data to ${file.dataAsOf}` : '';
  const users = r.users
    ? ` Reported users changed by ${r.users.change === null ? 'an amount not reported' : formatSigned(r.users.change)} between ${r.users.fromDay} and ${r.users.toDay} on the ${count(r.users.compared, 'server')} reporting on both days.`
    : '';
  const active = r.active
    ? ` Monthly active users changed by ${r.active.change === null ? 'an amount not reported' : formatSigned(r.active.change)} between ${r.active.fromDay} and ${r.active.toDay} on the ${count(r.active.compared, 'server')} reporting on both days.`
    : '';
  return (
    `According to fedicensus (data as of ${file.dataAsOf}), ${r.usersJoined === null ? 'no server reported the users who' : count(r.usersJoined, 'user')} ` +
    `joined ${scopeName(r.software)} in the ${count(r.weeks.length, 'week')} from ${first} to ${sundayOf(last)} (UTC${partial}), ` +
    `and ${count(r.serversCreated, 'server')} with a known creation time ${r.serversCreated === 1 ? 'was' : 'were'} created` +
    `${r.serversFirstReached === null ? '' : ` while the census first reached ${count(r.serversFirstReached, 'server')}`}.${users}${active} ` +
    `Source: fedicensus, ${permalink} (CC BY 4.0).`
  );
}

/** The lines a rejected link shows instead of a figure. */
export function problemLines(problems: readonly LinkProblem[]): string[] {
  return problems.map((p) => `${p.param}=${p.value}: ${p.message}.`);
}

// Everything the site shows, asked of the API's query functions (api/metrics/): the site never runs SQL of
// its own, so a figure on a page is the figure the API serves. Server records are not collected here: there
// can be tens of thousands, so build.ts (writeServerPages) fetches them one by one while writing.
import type { Db } from '../api/db.ts';
import {
  changePairs,
  anomaliesOn,
  coverageForDays,
  dailySeries,
  firstDay,
  latestDay,
  methodChanges,
  mondayOf,
  serverPage,
  summaryForDay,
  sumWeeks,
  weeklyJoinsBySoftware,
  weeklyJoinsByServer,
  type Anomaly,
  type ActiveReporting,
  type ChangePair,
  type Coverage,
  type DailyPoint,
  type DaySummary,
  type MethodChange,
  type ServerWeekJoins,
  type ServerListing,
  type WeekJoins,
  type WeeklyJoinsRow,
} from '../api/metrics/index.ts';
import { softwareSlug } from './slug.ts';

/** The figures of one scope: the whole census (software null) or one software (servers.software). */
export interface ScopeData {
  readonly software: string | null;
  readonly users: readonly DailyPoint[];
  readonly active: readonly DailyPoint[];
  readonly servers: readonly DailyPoint[];
  /** users_joined from the first week the census can know it (the first with any sign-up) to the latest. */
  readonly usersWeekly: readonly WeekJoins[];
  /** servers_created and servers_first_reached from the first week with either to the latest. */
  readonly serversWeekly: readonly WeekJoins[];
}

export interface SoftwareData extends ScopeData {
  readonly software: string;
  readonly slug: string;
  /** Servers of this software (servers.software), with their latest snapshot, most users first. */
  readonly listings: readonly ServerListing[];
}

export interface SiteData {
  readonly dataAsOf: string | null;
  readonly firstDay: string | null;
  readonly summary: DaySummary | null;
  readonly all: ScopeData;
  readonly software: readonly SoftwareData[];
  /** Every server seen ok at least once (serverPage), by domain. */
  readonly listings: readonly ServerListing[];
  readonly weeklyRows: readonly WeeklyJoinsRow[];
  /** Coverage of each day with a snapshot, oldest first. */
  readonly coverage: readonly (Coverage & { readonly day: string })[];
  /** The anomalies flagged on the latest day (anomaliesOn), by kind then domain. */
  readonly anomalies: readonly Anomaly[];
  /** Method changes (methodChanges), drawn as markers on every time chart. */
  readonly methodChanges: readonly MethodChange[];
  /** Users joined per server and week (weeklyJoinsByServer): the checker names the servers behind a figure. */
  readonly serverJoins: readonly ServerWeekJoins[];
  /** changePairs of users_active_month over changeDays: the checker's change in monthly actives. */
  readonly change: ChangeData;
  /** changePairs of users_total over the same days: the checker's net change in reported users. */
  readonly usersChange: ChangeData;
}

export interface ChangeData {
  readonly days: readonly string[];
  readonly pairs: readonly ChangePair[];
  readonly reporting: readonly ActiveReporting[];
}

const PAGE = 5000;

export async function collectSite(db: Db): Promise<SiteData> {
  const [dataAsOf, first, weeklyRows, listings] = await Promise.all([
    latestDay(db),
    firstDay(db),
    weeklyJoinsBySoftware(db),
    allListings(db),
  ]);
  const summary = dataAsOf ? await summaryForDay(db, dataAsOf) : null;
  const all = await scope(db, null, weeklyRows, dataAsOf);
  const names = [...new Set([...listings.map((l) => l.software), ...weeklyRows.map((r) => r.software)])]
    .filter((n): n is string => n !== null && n !== '')
    .sort();
  const software: SoftwareData[] = [];
  for (const name of names) {
    const data = await scope(db, name, weeklyRows, dataAsOf);
    const own = listings.filter((l) => l.software === name).sort(byUsers);
    software.push({ ...data, software: name, slug: softwareSlug(name), listings: own });
  }
  const coverage = await coverageForDays(db, all.servers.map((p) => p.day));
  const changeDays = daysToCompare(all.servers.map((p) => p.day));
  const change = { days: changeDays, ...(await changePairs(db, changeDays, 'users_active_month')) };
  const usersChange = { days: changeDays, ...(await changePairs(db, changeDays, 'users_total')) };
  const anomalies = dataAsOf ? await anomaliesOn(db, dataAsOf) : [];
  const changes = await methodChanges(db);
  const serverJoins = await weeklyJoinsByServer(db);
  return {
    dataAsOf, firstDay: first, summary, all, software, listings, weeklyRows, coverage, change, usersChange, anomalies,
    methodChanges: changes, serverJoins,
  };
}

/** Every crawled day while there are at most this many; beyond, see daysToCompare. */
export const CHANGE_DAYS_ALL = 62;

/**
 * The days the checker can compare monthly actives on: every pair costs a join and a row per software, so
 * a long history keeps the first crawled day of each month and the last 31 crawled days (about 90 days for
 * five years of nightly crawls). `days` are crawled days, oldest first.
 */
export function daysToCompare(days: readonly string[]): string[] {
  if (days.length <= CHANGE_DAYS_ALL) return [...days];
  const kept = new Set(days.slice(-31));
  let month = '';
  for (const day of days) {
    if (day.slice(0, 7) !== month) kept.add(day);
    month = day.slice(0, 7);
  }
  return [...kept].sort();
}

async function scope(db: Db, software: string | null, rows: readonly WeeklyJoinsRow[], dataAsOf: string | null): Promise<ScopeData> {
  const [users, active, servers] = await Promise.all([
    dailySeries(db, { metric: 'users_total', software }),
    dailySeries(db, { metric: 'users_active_month', software }),
    dailySeries(db, { metric: 'servers', software }),
  ]);
  const own = software === null ? rows : rows.filter((r) => r.software === software);
  const to = dataAsOf ? mondayOf(dataAsOf) : null;
  // Each chart starts where its figures do, not at the earliest row of any kind.
  const firstSignUp = minWeek(own.filter((r) => (r.users_joined ?? 0) > 0));
  const firstServer = minWeek(own.filter((r) => r.servers_created > 0 || (r.servers_first_reached ?? 0) > 0));
  return {
    software,
    users,
    active,
    servers,
    usersWeekly: firstSignUp ? sumWeeks(own, { from: firstSignUp, to: maxOf(firstSignUp, to) }) : [],
    serversWeekly: firstServer ? sumWeeks(own, { from: firstServer, to: maxOf(firstServer, to) }) : [],
  };
}

async function allListings(db: Db): Promise<ServerListing[]> {
  const out: ServerListing[] = [];
  let cursor = null;
  do {
    const page = await serverPage(db, { sort: 'domain', limit: PAGE, cursor });
    out.push(...page.servers);
    cursor = page.next;
  } while (cursor);
  return out;
}

function byUsers(a: ServerListing, b: ServerListing): number {
  return (b.users_total ?? -1) - (a.users_total ?? -1) || a.domain.localeCompare(b.domain);
}

function minWeek(rows: readonly WeeklyJoinsRow[]): string | null {
  let min: string | null = null;
  for (const r of rows) if (min === null || r.week < min) min = r.week;
  return min;
}

function maxOf(a: string, b: string | null): string {
  return b !== null && b > a ? b : a;
}

// What the build writes for the browser: the shapes of the JSON files under figures/. Shared by the build
// (web/*.ts) and the browser bundle (web/client/), which imports these as types only.

/** line: a series over days; bar: one bar per week or per name; hbar: horizontal bars (shares by name). */
export type ChartKind = 'line' | 'bar' | 'hbar';

export interface ChartSeries {
  /** The API's column name: the CSV header. */
  readonly name: string;
  /** What a reader sees in the legend, the tooltip and the table header ("Users", not users_total). */
  readonly label: string;
  /** One value per label; null where the census has no figure (drawn as a gap, an empty table cell). */
  readonly values: readonly (number | null)[];
}

/** One chart: drawn on a canvas, repeated as a table, downloadable as CSV, embeddable by its id. */
export interface ChartData {
  /** Unique within its figures file: the page anchor, the embed key and the CSV's name. */
  readonly id: string;
  readonly title: string;
  /** The accessible name of the canvas: what the chart shows, in a sentence. */
  readonly description: string;
  readonly kind: ChartKind;
  /** Header of the label column of the CSV ("day", "week", "software", "version"). */
  readonly labelHeader: string;
  /** The same column's header for a reader, in the table and on the axis ("Week starting (Monday, UTC)"). */
  readonly labelTitle: string;
  readonly labels: readonly string[];
  readonly series: readonly ChartSeries[];
  /** The chart's CSV, relative to the site root. */
  readonly csv: string;
  /** What the figure covers and leaves out, shown under the chart. */
  readonly note: string;
  /** Bars stacked: the series are parts of one figure (users joined = registered + growth). */
  readonly stacked?: boolean;
  /** Method changes on this chart, in day order. */
  readonly markers?: readonly ChartMarker[];
  readonly regions?: readonly ChartRegion[];
}

/** A method change drawn on a time chart (web/markers.ts). */
export interface ChartMarker {
  /** Index into the chart's labels; x.5 falls between two labels (a change between two crawled days). */
  readonly at: number;
  readonly day: string;
  /** api/metrics MethodChangeKind: first_crawl, definition, coverage, no_crawl, source. */
  readonly kind: string;
  readonly title: string;
  readonly detail: string;
}

/** A shaded stretch of a chart, with what it means (weeks backfilled from reported sign-ups only). */
export interface ChartRegion {
  /** First and last label index covered, inclusive. */
  readonly from: number;
  readonly to: number;
  readonly label: string;
}

/** A figures file: every chart of one page, and the date of the data. */
export interface FiguresFile {
  readonly dataAsOf: string | null;
  readonly charts: Readonly<Record<string, ChartData>>;
}

/**
 * Per (latest software, week), as api/metrics weeklyJoinsBySoftware: [week, users_registered, users_growth,
 * servers_created, servers_first_reached]; null where nothing was reported (users_joined is the sum of the
 * known parts, servers_joined equals servers_created).
 */
export type WeekRow = readonly [week: string, registered: number | null, growth: number | null, created: number, firstReached: number | null];

/** Users joined per server and week (api/metrics weeklyJoinsByServer): the servers behind a figure. */
export interface ServerJoinsFile {
  /** The servers, indexed by the rows. */
  readonly domains: readonly string[];
  /** Keyed by software: [week, index into domains, users joined]. */
  readonly rows: Readonly<Record<string, readonly (readonly [week: string, domain: number, users: number])[]>>;
  /** Null when every row is kept; else how many servers per software and week are (the largest). */
  readonly keptPerWeek: number | null;
}

/** What the summary of the latest day leaves out (DaySummary.left_out) and the servers flagged for it. */
export interface LeftOutFile {
  readonly day: string;
  readonly servers: number;
  readonly usersTotal: number;
  readonly usersActiveMonth: number;
  /** Per kind left out (SUMMARY_KINDS) with any server: [kind, servers, users_total left out, why]. */
  readonly byKind: readonly (readonly [kind: string, servers: number, users: number, why: string])[];
  /** [domain, kind, detail] of each server flagged that day by a kind the summary leaves out. */
  readonly flagged: readonly (readonly [domain: string, kind: string, detail: string])[];
}

/** Per crawled day: [day, servers seen ok] (the change figures carry monthly actives, with nulls). */
export type DayRow = readonly [day: string, servers: number];

/** Per crawled day, for the whole census: [day, known, attempted, ok, disallowed] (api/metrics coverageForDays). */
export type CoverageRow = readonly [day: string, known: number, attempted: number, ok: number, disallowed: number];

/**
 * Per (software, pair of change days): [from index, to index, servers compared, users_active_month summed
 * over them on the from day, and on the to day], as api/metrics activeChangePairs; pairs without a server
 * in common are absent.
 */
export type ChangePairRow = readonly [from: number, to: number, compared: number, fromSum: number, toSum: number];

/** The change in monthly actives over servers observed on both days, for the days the build chose. */
export interface ChangeFigures {
  /** Crawled days, oldest first; the checker compares the nearest of these on or before each date. */
  readonly days: readonly string[];
  /** Keyed by software name (servers.software); the whole census is the sum over all keys. */
  readonly pairs: Readonly<Record<string, readonly ChangePairRow[]>>;
  /** Keyed by software name: servers reporting users_active_month on each of `days`. */
  readonly reporting: Readonly<Record<string, readonly number[]>>;
}

/** figures/check.json: everything the figure checker sums in the browser. */
export interface CheckFile {
  readonly dataAsOf: string | null;
  readonly firstDay: string | null;
  /** Software names as servers.software holds them, with their page's slug. */
  readonly software: readonly { readonly name: string; readonly slug: string }[];
  /** Keyed by software name; the whole census is the sum over all keys. */
  readonly weekly: Readonly<Record<string, readonly WeekRow[]>>;
  /** Keyed by software name, and '' for the whole census. */
  readonly daily: Readonly<Record<string, readonly DayRow[]>>;
  readonly coverage: readonly CoverageRow[];
  /** The change in monthly active users (api/metrics activeChangePairs). */
  readonly change: ChangeFigures;
  /** The net change in reported users, users_total (api/metrics changePairs), over the same days. */
  readonly usersChange: ChangeFigures;
  /** What the latest summary leaves out; null without data. */
  readonly leftOut: LeftOutFile | null;
  readonly servers: ServerJoinsFile;
}

// figures/history.json: what the check page's reference section and the claim page read in the browser
// (web/client/reference.ts, web/client/claim.ts): the reference series as published, the census's own daily
// figures with the source each comes from, the weekly sign-ups, and published quotes to compare with.
// Shared by the build (web/history.ts) and the browser bundle, which imports these as types only.

/** [day, user_count, server_count, active_user_count] as the publisher published them; null where missing. */
export type ReferenceRow = readonly [day: string, users: number | null, servers: number | null, active: number | null];

/** [day, users_total summed over the servers reached, servers reached, users_active_month summed, servers reporting it]; null: not reported. */
export type CensusDayRow = readonly [day: string, users: number | null, reached: number, active: number | null, activeReporting: number];

/** [week (Monday), users_joined]: the census's weekly sign-ups (api/metrics weeklyJoins); null where nothing could be known. */
export type CensusWeekRow = readonly [week: string, usersJoined: number | null];

export interface ReferenceSeriesFile {
  readonly source: string;
  /** "published by Mastodon": how the series is labelled wherever it is shown. */
  readonly publishedBy: string;
  readonly name: string;
  readonly url: string | null;
  readonly licence: string | null;
  readonly coverage: string | null;
  /** definitions: reference_series, word for word. */
  readonly definition: string;
  readonly rows: readonly ReferenceRow[];
}

/** A figure someone published, read from a reference series, kept to show how it compares with the complete row. */
export interface PublishedQuote {
  readonly from: string;
  readonly to: string;
  readonly by: string;
  readonly usersJoined: number | null;
  readonly serversJoined: number | null;
  readonly active: number | null;
  /** Why it differs from the series as archived. */
  readonly note: string;
}

export interface HistoryFile {
  readonly dataAsOf: string | null;
  /** The census's observation sources, in order of their first day, with provenance. */
  readonly sources: readonly { readonly id: string; readonly name: string; readonly licence: string | null; readonly coverage: string | null }[];
  readonly census: {
    readonly days: readonly CensusDayRow[];
    readonly weeks: readonly CensusWeekRow[];
    /** Servers that ever had an activity window: the sign-ups before the first day come from them alone. */
    readonly windowedServers: number;
    /** Whether mastodon.social is among the servers the census ever observed. */
    readonly hasMastodonSocial: boolean;
  };
  readonly reference: ReferenceSeriesFile | null;
  readonly quotes: readonly PublishedQuote[];
}

// What one crawl learns about one server on one day: the contract between the crawl (crawler/crawl.ts)
// and the census store (crawler/store/). Counts here are already checked (crawler/quality.ts).

export type ServerStatus =
  | 'ok'
  | 'unreachable'
  | 'timeout'
  | 'disallowed' // robots.txt forbids NodeInfo for fedicensus or *
  | 'no_nodeinfo'
  | 'invalid_response'
  | 'moved' // NodeInfo discovery permanently redirects to another name, crawled as itself
  | 'excluded'; // on the operator's exclude list: history removed, never contacted

/** A checked count: a non-negative integer below 1e9, or null (missing, or implausible with `flag` saying why). */
export interface CheckedCount {
  readonly value: number | null;
  /** Present only when the server sent something that failed the plausibility rules. */
  readonly flag?: 'negative' | 'fractional' | 'not_a_number' | 'too_large';
}

/** One Mastodon `/api/v1/instance/activity` window, as returned (counts checked like any other count). */
export interface ActivityWindow {
  /** Window start, from the `week` Unix time. */
  readonly windowStart: Date;
  readonly statuses: CheckedCount;
  readonly logins: CheckedCount;
  readonly registrations: CheckedCount;
}

/**
 * Where a server's creation time was read (docs/methodology.md, "Creation times"; servers.created_at_source).
 * Each is a bound, not the install itself: the server existed at that time.
 */
export type CreatedAtSource =
  | 'mastodon_contact_account' // Mastodon API contact account created_at: Mastodon (midnight), Pleroma, GoToSocial, ...
  | 'lemmy_site_published' // Lemmy site_view.site.published: the site row made at setup
  | 'misskey_first_local_user' // Misskey family POST /api/users: the oldest listed local account
  | 'peertube_root_account'; // PeerTube /api/v1/accounts/root: the account the installer creates

export interface ServerObservation {
  readonly domain: string;
  readonly status: ServerStatus;
  /** Why, for every status but ok (e.g. "HTTP 404 on /.well-known/nodeinfo"). */
  readonly reason?: string;
  /** NodeInfo `software.name`, trimmed and lower-cased. */
  readonly software?: string;
  readonly version?: string;
  readonly usersTotal?: CheckedCount;
  readonly usersActiveMonth?: CheckedCount;
  readonly usersActiveHalfyear?: CheckedCount;
  readonly localPosts?: CheckedCount;
  readonly openRegistrations?: boolean | null;
  /** When the server existed by, as its software exposes it (see CreatedAtSource); null when it does not. */
  readonly createdAt?: Date | null;
  /** Set exactly when createdAt is. */
  readonly createdAtSource?: CreatedAtSource | null;
  readonly activity?: readonly ActivityWindow[];
  /** Which documents supplied the figures, e.g. ["nodeinfo-2.0", "mastodon-v2-instance"]. */
  readonly sources?: readonly string[];
  readonly requests: number;
  /** For `moved`: the name the server moved to. */
  readonly movedTo?: string;
  /**
   * Days before the server may be attempted again, when the server asked for it: a robots.txt refusal, an
   * HTTP 410 or a permanent move (a week). Absent: the usual backoff for failures.
   */
  readonly retryAfterDays?: number;
  /** The server's peer list was asked for today (it is refreshed weekly: see crawler/peer-refresh.ts). */
  readonly peersFetched?: boolean;
}

// The figure definitions, word for word as in docs/methodology.md (a test keeps the two in step). The API
// serves them with the data so a figure never travels without its meaning.

export const DEFINITIONS = {
  servers:
    'servers: the number of servers with a snapshot on the day, that is, servers whose NodeInfo was read successfully (status ok) in that day\'s crawl.',
  sums:
    'users_total, users_active_month, local_posts: the sum over the servers with a snapshot on the day; a server whose figure is missing or failed the plausibility rules (NULL) is skipped, and `reporting` says how many servers the sum covers.',
  coverage:
    'coverage on a day: known = servers whose name the census knew on or before that day (first_seen <= day), excluded servers left out; attempted = servers contacted that day; ok = attempts with status ok; disallowed = attempts refused by robots.txt.',
  day:
    'day of a summary, a software list or an anomaly list: the day asked for, by default the latest crawled day, that is the latest day with any crawl attempt or snapshot (so possibly a day whose crawl reached no server); a day with neither is answered 404.',
  software_breakdown:
    "software breakdown on a day (the summary's software, and GET /api/v1/software for the latest crawled day): one row per software name reported in that day's snapshots (NodeInfo software.name, lower-case), with servers = the servers that reported it that day, and users_total, users_active_month = their sums, skipping NULLs (0 when none of them reports the figure); most servers first, then by name.",
  servers_list:
    "servers list: every server seen ok at least once (excluded servers left out) with, as in the servers dataset, its status (of the latest attempt), software and version (of the latest successful crawl), first_seen, first_seen_ok and created_at, and the figures of its latest snapshot, taken on `day` (servers.last_seen_ok): users_total, users_active_month and local_posts as the server reported them, NULL when it did not say or the value failed the plausibility rules. Sorted by the count asked for, largest first with NULL last, then by domain; or by domain alone. next_cursor continues the list where the page ends.",
  server_record:
    "server record: the server's row of the servers dataset (first_seen, first_seen_ok, last_seen_ok, last_attempt, status, software, version, created_at, created_at_source); history = every snapshot of it, by day, with the snapshots dataset's columns (figures as the server reported them, NULL when missing or implausible, quality naming why); activity = its Mastodon activity windows, one per ISO week, with statuses, logins and registrations as in the weekly_activity dataset. An excluded server has no record.",
  users_joined:
    "users_joined in a week: for a server with activity windows (any row in weekly_activity: Mastodon's /api/v1/instance/activity), the registrations of its window assigned to that week; such a server is counted from its windows only, in every week, and never from its users_total growth, because mixing the two would count the same sign-ups twice; a week for which it has no window (a gap between crawls longer than the 12 weeks the endpoint returns, or a failed fetch) adds nothing for it, and a window whose registrations are NULL adds nothing. For every other server: its growth between consecutive observations, max(0, users_total(day) - users_total(previous observed day)), counted in the week of the later day, where an observation is a snapshot whose users_total is not NULL; a server's first observation adds nothing, and a fall in users_total adds nothing (never negative); growth flagged as an anomaly is left out by default (see anomalies in users_joined). Weeks before the first crawl are therefore backfilled from the activity windows alone.",
  servers_joined:
    'servers_joined in a week: each server observed ok at least once joins exactly once, in the week of its creation time where it exposes one (Mastodon contact account created_at, Lemmy site.published; servers.created_at), else the week of the day it was first seen ok (servers.first_seen_ok). Excluded servers never join.',
  weeks:
    'week: the Monday (UTC) of an ISO week. A from/to range selects the weeks whose Monday lies between the Monday of from and the Monday of to, inclusive; every week in the range is listed, with 0 where nothing joined.',
  software_filter:
    "software filter: a server belongs to the software it ran when last seen ok (servers.software), for its whole history, so a series filtered by software does not jump when a server migrates. The summary's per-software breakdown instead uses the software each server reported on that day.",
  daily:
    'daily series: one point per crawled day (a day with at least one snapshot) between from and to; value = the sum of the metric over the servers with a snapshot that day, skipping NULLs (metric servers: the count of snapshots), and reporting = how many servers the value covers.',
  anomalies:
    "anomalies: an observation (a snapshot whose users_total is not NULL) is flagged `jump` when users_total rose by more than 50% and by more than 10,000 since the server's previous observation; `erratic` when its step (the change in users_total since the previous observation) is large, that is more than 20% of the previous users_total and more than 10 users, and the 9 steps centred on it (4 before, its own, 4 after) hold at least 2 large rises and at least 2 large falls; `active_above_total` when users_active_month is above users_total; `frozen` when users_total and local_posts are both not NULL and have been the same in every snapshot having both since one at least 60 days earlier; `known_inflation` when the software it reported that day is `wordpress` (the ActivityPub plugin counts every account of the site) or `lemmy` with a version below 0.18 (which counted remote users: LemmyNet/lemmy#3419).",
  anomalies_in_growth:
    "anomalies in users_joined: by default (anomalies=exclude) the growth between two consecutive observations of a server is not counted when the later one is flagged `jump`, `erratic`, `active_above_total` or `known_inflation`, or the earlier one `known_inflation`, so a server whose count is always inflated adds no growth; a `frozen` observation adds no growth anyway. Activity windows are not affected. With anomalies=include every observation counts.",
  active_change:
    "change in monthly actives between two dates: each date is replaced by the nearest crawled day (a day with at least one snapshot) on or before it; the sums are over the servers whose users_active_month is not NULL on both days (servers_compared), and change = users_active_month_to - users_active_month_from. Servers with a figure on only one of the two days (servers_only_from, servers_only_to: discovered, lost, or silent in between) are counted but left out of the sums, so a change in coverage is not a change in monthly actives. The software filter is the latest known software.",
} as const;

export type DefinitionName = keyof typeof DEFINITIONS;

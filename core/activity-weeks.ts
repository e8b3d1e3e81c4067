// How far back a crawl may write activity windows: one home for the crawler, which drops older windows, and
// for publishing, which treats the weeks before that as settled (api/metrics/weekly-carried.ts).
// Mastodon's /api/v1/instance/activity answers the current week and the 11 before it (docs/protocol-notes.md);
// one week more covers a window that started late in its week.

/** Weeks before the crawl day's week whose activity windows a crawl writes; older ones are a wrong clock. */
export const ACTIVITY_WEEKS_BACK = 13;

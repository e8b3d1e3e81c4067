// A hand-built census (the crawler's own schema, rows by SQL) whose figures are known by construction, with
// names a hostile server could report, to check escaping and file naming without a crawl.
import { openCensusForWriting } from '../../crawler/store/db.ts';

export const HOSTILE_SOFTWARE = '<img src=x onerror=alert(1)>';
export const HOSTILE_VERSION = '"><script>alert(2)</script>';
export const LATEST = '2026-11-25';
/** On LATEST: alpha.social and beta.town have snapshots; users 1010 + 60; monthly actives 210 (beta: NULL). */
export const EXPECTED = { servers: 2, users: 1070, active: 210, known: 3, ok: 2, disallowed: 1 } as const;

const q = (s: string): string => `'${s.replaceAll("'", "''")}'`;

const ROWS = `
  INSERT INTO servers (domain, first_seen, listed_by, first_seen_ok, last_seen_ok, last_attempt, status, status_reason,
                       software, version, created_at, consecutive_failures) VALUES
    ('alpha.social', '2026-11-20', NULL, '2026-11-24', '2026-11-25', '2026-11-25', 'ok', NULL, 'mastodon', '4.3.0',
     '2022-11-05 10:11:12', 0),
    ('beta.town', '2026-11-21', 'alpha.social', '2026-11-24', '2026-11-25', '2026-11-25', 'ok', NULL,
     ${q(HOSTILE_SOFTWARE)}, ${q(HOSTILE_VERSION)}, NULL, 0),
    ('gamma.zone', '2026-11-22', 'beta.town', NULL, NULL, '2026-11-25', 'disallowed', 'robots.txt', NULL, NULL, NULL, 0),
    ('optout.site', '2026-11-01', NULL, NULL, NULL, NULL, 'excluded', 'operator exclude list', NULL, NULL, NULL, 0);
  INSERT INTO attempts (day, domain, status, reason, requests, crawled_at, run_id) VALUES
    ('2026-11-24', 'alpha.social', 'ok', NULL, 4, '2026-11-24 03:00:00', 1),
    ('2026-11-24', 'beta.town', 'ok', NULL, 4, '2026-11-24 03:00:00', 1),
    ('2026-11-25', 'alpha.social', 'ok', NULL, 4, '2026-11-25 03:00:00', 2),
    ('2026-11-25', 'beta.town', 'ok', NULL, 4, '2026-11-25 03:00:00', 2),
    ('2026-11-25', 'gamma.zone', 'disallowed', 'robots.txt', 1, '2026-11-25 03:00:00', 2);
  INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear,
                         local_posts, open_registrations, quality, sources, crawled_at) VALUES
    ('2026-11-24', 'alpha.social', 'mastodon', '4.3.0', 1000, 200, 500, 12345, true, NULL, 'nodeinfo-2.0', '2026-11-24 03:01:02'),
    ('2026-11-25', 'alpha.social', 'mastodon', '4.3.0', 1010, 210, 505, 12400, true, NULL, 'nodeinfo-2.0', '2026-11-25 03:00:00'),
    ('2026-11-24', 'beta.town', ${q(HOSTILE_SOFTWARE)}, ${q(HOSTILE_VERSION)}, 50, 10, 20, 300, NULL, NULL, 'nodeinfo-2.0', '2026-11-24 03:05:00'),
    ('2026-11-25', 'beta.town', ${q(HOSTILE_SOFTWARE)}, ${q(HOSTILE_VERSION)}, 60, NULL, 20, 310, NULL,
     'users_active_month:negative', 'nodeinfo-2.0', '2026-11-25 03:05:00');
  INSERT INTO weekly_activity (domain, week, window_start, statuses, logins, registrations, quality, observed_on) VALUES
    ('alpha.social', '2026-11-16', '2026-11-16 00:00:00', 700, 150, 12, NULL, '2026-11-25'),
    ('alpha.social', '2026-11-23', '2026-11-23 00:00:00', 90, 80, 7, NULL, '2026-11-25');
`;

export async function buildHandCensus(dbPath: string): Promise<void> {
  const db = await openCensusForWriting(dbPath);
  try {
    await db.connection.run(ROWS);
  } finally {
    db.close();
  }
}

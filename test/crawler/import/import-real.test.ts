// The import on the real November 2022 files (./history-files.ts names their sources): it reproduces the
// files' own per-server sums exactly, importing twice changes nothing, a malformed file is rejected with
// nothing written, and the crawler's shrinking coverage (1,024 servers, then 162) gives no negative or missing week.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectionDb } from '../../../api/db.ts';
import { dailySeries } from '../../../api/metrics/daily.ts';
import { mondaysBetween } from '../../../api/metrics/dates.ts';
import { weeklyJoins } from '../../../api/metrics/weekly.ts';
import { importFiles } from '../../../crawler/import/import.ts';
import { ImportFormatError } from '../../../crawler/import/types.ts';
import { openCensusForWriting, type CensusDb } from '../../../crawler/store/db.ts';
import { CRAWL_FILE, DAILY_FILE, HISTORY_FILES, rawCrawlLines, rawDailyRows, readInput, STATISTICS_FILE } from './history-files.ts';

let dir: string;
let census: CensusDb;
const NOW = new Date('2026-12-01T12:00:00Z');

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-import-'));
  census = await openCensusForWriting(path.join(dir, 'census.duckdb'));
  await importFiles(census.connection, HISTORY_FILES.map(readInput), NOW);
});
afterAll(async () => {
  census?.close();
  await rm(dir, { recursive: true, force: true });
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await census.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

/** Every table the import writes, as a fingerprint: row counts and the sums of its figures. */
async function fingerprint(): Promise<string> {
  const parts = await rows(`SELECT
    (SELECT count(*) || '/' || sum(users_total) || '/' || sum(local_posts) || '/' || string_agg(DISTINCT source, ',') FROM snapshots) AS snapshots,
    (SELECT count(*) || '/' || sum(registrations) || '/' || sum(logins) FROM weekly_activity) AS windows,
    (SELECT count(*) || '/' || string_agg(status, ',' ORDER BY status) FILTER (WHERE status <> 'ok') FROM attempts) AS attempts,
    (SELECT count(*) || '/' || sum(known) || '/' || sum(ok) || '/' || sum(new_servers) FROM crawl_runs) AS runs,
    (SELECT count(*) || '/' || min(first_seen) || '/' || max(last_seen_ok) || '/' || count(created_at) FROM servers) AS servers,
    (SELECT count(*) || '/' || sum(value) FROM reference_series) AS reference,
    (SELECT count(*) FROM sources) AS sources,
    (SELECT count(*) FROM imports) AS imports`);
  return JSON.stringify(parts);
}

describe('importing the real November 2022 files', () => {
  it("reproduces the daily file's users per day exactly, day by day, from its own per-server rows", async () => {
    const byDay = new Map<string, Map<string, number>>();
    for (const r of rawDailyRows()) {
      const day = byDay.get(r['day']!) ?? new Map<string, number>();
      day.set(r['domain']!, Number(r['users'])); // a server listed twice on a day (same figures) counts once
      byDay.set(r['day']!, day);
    }
    const expected = [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, m]) => ({ day, value: [...m.values()].reduce((a, b) => a + b, 0), reporting: m.size }));
    const got = await dailySeries(connectionDb(census.connection), { metric: 'users_total' });
    expect(got).toEqual(expected);
    expect(got).toHaveLength(113); // 114 calendar days, 2023-02-18 missing: not a day of zero users
    expect(got.find((d) => d.day === '2023-02-18')).toBeUndefined();
    expect(got[0]).toEqual({ day: '2022-11-27', value: 917_603, reporting: 1024 });
    expect(got.at(-1)!.reporting).toBe(162);
  });

  it("keeps each server's contact-account creation time, the earliest read, as the crawl would", async () => {
    const earliest = new Map<string, number>();
    for (const r of rawDailyRows()) {
      const t = Date.parse(r['contact_created_at'] ?? '');
      if (!Number.isNaN(t)) earliest.set(r['domain']!, Math.min(t, earliest.get(r['domain']!) ?? Infinity));
    }
    for (const l of rawCrawlLines() as { instance: { uri: string; contactAccount?: { createdAt?: string } } }[]) {
      const t = Date.parse(l.instance.contactAccount?.createdAt ?? '');
      const domain = l.instance.uri.toLowerCase();
      if (!Number.isNaN(t)) earliest.set(domain, Math.min(t, earliest.get(domain) ?? Infinity));
    }
    const stored = await rows(`SELECT domain, epoch_ms(created_at) AS t, created_at_source FROM servers WHERE created_at IS NOT NULL`);
    expect(stored.length).toBeGreaterThan(900);
    for (const s of stored) {
      expect(s['created_at_source']).toBe('mastodon_contact_account');
      expect(Number(s['t']), String(s['domain'])).toBe(earliest.get(String(s['domain'])));
    }
  });

  it("the crawl file's own users on 2022-11-27 are the daily file's first day", () => {
    const crawl = rawCrawlLines() as { instance: { stats: { userCount: number } } }[];
    expect(crawl).toHaveLength(1024);
    expect(crawl.reduce((sum, l) => sum + l.instance.stats.userCount, 0)).toBe(917_603);
  });

  it("reproduces the crawl's sign-ups per week exactly from its 1,024 servers' closed activity windows", async () => {
    // Independently of the importer: the census week of a window is the Monday of (window start + 3 days); a
    // window still open at the end of the crawl's day (2022-11-28T00:00Z) was read part-way and is left out.
    const expected = new Map<string, number>();
    let open = 0;
    for (const line of rawCrawlLines() as { activity: { week: string; registrations: string }[] }[]) {
      for (const w of line.activity) {
        if (Number(w.week) * 1000 + 7 * 86_400_000 >= Date.parse('2022-11-28T00:00:00Z')) {
          open++;
          continue;
        }
        const shifted = new Date(Number(w.week) * 1000 + 3 * 86_400_000);
        const monday = new Date(Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate() - ((shifted.getUTCDay() + 6) % 7)));
        const week = monday.toISOString().slice(0, 10);
        expected.set(week, (expected.get(week) ?? 0) + Number(w.registrations));
      }
    }
    const stored = await rows(`SELECT week::VARCHAR AS week, sum(registrations)::BIGINT AS n FROM weekly_activity GROUP BY week`);
    expect(new Map(stored.map((r) => [String(r['week']), Number(r['n'])]))).toEqual(expected);
    // The weekly figure counts a windowed server from its windows: September to the crawl's week, exactly.
    expect(open).toBe(1007); // the current window of every server whose windows were up to date (17 sent stale ones)
    const weeks = await weeklyJoins(connectionDb(census.connection), { from: '2022-09-05', to: '2022-11-21' });
    expect(weeks.map((w) => [w.week, w.users_joined])).toEqual(mondaysBetween('2022-09-05', '2022-11-21').map((w) => [w, expected.get(w) ?? 0]));
    expect(weeks.find((w) => w.week === '2022-11-07')!.users_joined).toBe(214_090); // the surge
    // The week of the open windows counts from the growth of totals (the daily file), not from a few hours of windows.
    const [after] = await weeklyJoins(connectionDb(census.connection), { from: '2022-11-28', to: '2022-11-28' });
    expect(after).toMatchObject({ users_registered: null, users_growth: 26_309, users_joined: 26_309 });
  });

  it('keeps the official statistics apart, as a reference series of their own source', async () => {
    expect(await rows(`SELECT DISTINCT source FROM snapshots`)).toEqual([{ source: 'zegl-mastodon-stats' }]);
    expect(await rows(`SELECT metric, value FROM reference_series WHERE source = 'joinmastodon' AND day = '2022-11-07' ORDER BY metric`)).toEqual([
      { metric: 'active_user_count', value: '1044405' },
      { metric: 'server_count', value: '4053' },
      { metric: 'user_count', value: '4105507' },
    ]);
    expect(await rows(`SELECT count(DISTINCT day) AS n FROM reference_series`)).toEqual([{ n: '113' }]);
    expect(await rows(`SELECT id, licence FROM sources ORDER BY id`)).toEqual([
      { id: 'fedicensus', licence: 'CC BY 4.0 (the published datasets)' },
      { id: 'joinmastodon', licence: 'none stated' },
      { id: 'zegl-mastodon-stats', licence: 'MIT (copyright 2022 Gustav Westling)' },
    ]);
  });

  it('shows the shrinking coverage as coverage: every week listed from September to March, none negative', async () => {
    const weeks = await weeklyJoins(connectionDb(census.connection), { from: '2022-09-05', to: '2023-03-20' });
    expect(weeks.map((w) => w.week)).toEqual(mondaysBetween('2022-09-05', '2023-03-20'));
    for (const w of weeks) {
      // Known (not null) and never negative: after the windows end (2022-11-28) the growth of totals counts.
      expect(w.users_joined !== null && Number.isInteger(w.users_joined) && w.users_joined >= 0, `${w.week} ${w.users_joined}`).toBe(true);
      expect(w.servers_joined !== null && w.servers_joined >= 0, w.week).toBe(true);
    }
    const reached = await dailySeries(connectionDb(census.connection), { metric: 'servers' });
    expect(reached[0]!.value).toBe(1024);
    expect(reached.at(-1)!.value).toBe(162);
  });

  it('changes nothing when the same files are imported again', async () => {
    const before = await fingerprint();
    const outcomes = await importFiles(census.connection, HISTORY_FILES.map(readInput), new Date('2026-12-02T00:00:00Z'));
    expect(outcomes.map((o) => o.status)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(await fingerprint()).toBe(before);
  });

  it('writes the same rows again when a file is read afresh (its record of being imported forgotten)', async () => {
    const before = await fingerprint();
    await census.connection.run(`DELETE FROM imports WHERE format = 'zegl-crawl-jsonl'`);
    const [outcome] = await importFiles(census.connection, [readInput(CRAWL_FILE)], NOW);
    expect(outcome).toMatchObject({ status: 'imported', records: 1024 });
    expect(await fingerprint()).toBe(before);
  });

  it('rejects a malformed file with its line and writes nothing, not even the good file beside it', async () => {
    const lines = gunzipSync(readFileSync(DAILY_FILE)).toString('utf8').split('\n');
    lines[30_000] = lines[30_000]!.split(',').slice(0, 5).join(',');
    const broken = { name: path.join(dir, 'servers-daily-broken.csv.gz'), bytes: gzipSync(Buffer.from(lines.join('\n'))) };
    await census.connection.run(`DELETE FROM imports WHERE format = 'joinmastodon-statistics-json'`);
    await census.connection.run(`DELETE FROM reference_series`);
    const before = await fingerprint();
    const failure = importFiles(census.connection, [readInput(STATISTICS_FILE), broken], NOW);
    await expect(failure).rejects.toThrow(ImportFormatError);
    await expect(failure).rejects.toThrow('servers-daily-broken.csv.gz: line 30001: expected 9 fields, got 5');
    expect(await fingerprint()).toBe(before);
    expect(await rows(`SELECT count(*) AS n FROM reference_series`)).toEqual([{ n: '0' }]);
  });
});

// The weekly rows a publication carries from the previous one (api/metrics/weekly-carried.ts) equal the
// rows computed over the whole census (weekly.ts), night after night: erratic and sparse servers whose
// erratic windows straddle the cut, network outliers, known inflation, activity windows re-reported for 12
// weeks, a server that changes software, a new server, a past day crawled again.
import { readFile, rm, stat } from 'node:fs/promises';
import { DuckDBInstance } from '@duckdb/node-api';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openReadOnlyDb } from '../../../api/db.ts';
import { cutFor } from '../../../api/metrics/weekly-carried.ts';
import { weeklyJoinsByMode } from '../../../api/metrics/weekly.ts';
import { addDays, mondayOf } from '../../../api/metrics/dates.ts';
import { publishCensus, WEEKLY_STATE_FILE, type PublishResult } from '../../../api/publish/publish.ts';
import { tempDir, writeToCensus } from '../publish/census-fixture.ts';
import { openCensusForWriting } from '../../../crawler/store/db.ts';

/** mulberry32: the same census on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Pattern = 'daily' | 'sparse' | 'gappy' | 'erratic' | 'outlier' | 'vanishing';

interface Server {
  readonly domain: string;
  software: string;
  readonly version: string;
  readonly pattern: Pattern;
  readonly activity: boolean;
  readonly startsOn: string;
  users: number;
  firstSeenOk: string | null;
}

const rnd = random(14);
const SERVERS: Server[] = [];
for (let i = 0; i < 36; i++) {
  const software = i < 20 ? 'mastodon' : i < 28 ? 'lemmy' : 'misskey';
  const patterns: Pattern[] = ['daily', 'daily', 'sparse', 'gappy', 'erratic', 'daily'];
  SERVERS.push({
    domain: `s${String(i).padStart(2, '0')}.example`,
    software,
    version: software === 'lemmy' ? (i % 2 === 0 ? '0.17.4' : '0.19.3') : '4.3.0',
    pattern: i === 7 ? 'outlier' : i === 9 ? 'vanishing' : patterns[i % patterns.length]!,
    activity: software === 'mastodon' && i % 3 !== 2,
    startsOn: i === 35 ? '2025-06-20' : '2025-01-01',
    users: i === 9 ? 200_000 : 10 + Math.floor(rnd() * 5000),
    firstSeenOk: null,
  });
}

function observed(s: Server, day: string): boolean {
  if (day < s.startsOn) return false;
  if (s.pattern === 'sparse') return rnd() < 0.06;
  if (s.pattern === 'gappy') return !(day >= '2025-02-20' && day < '2025-04-25') && !(day >= '2025-07-03' && day < '2025-08-20') && rnd() < 0.9;
  return rnd() < 0.95;
}

function nextUsers(s: Server, day: string): number | null {
  if (rnd() < 0.02) return null;
  if (s.pattern === 'erratic') s.users = Math.max(20, Math.round(s.users * (rnd() < 0.5 ? 0.6 : 1.6)));
  else if (rnd() < 0.03) s.users += 10_001 + Math.round(s.users * 0.6);
  else s.users += Math.floor(rnd() * 6);
  if (s.pattern === 'outlier' && day >= '2025-05-10' && day <= '2025-05-14') return 999_999_999;
  return s.users;
}

/** The census rows of the days after `from` up to `to`, as a night's crawls leave them. */
function crawlDays(from: string, to: string): string {
  const attempts: string[] = [];
  const snapshots: string[] = [];
  const servers = new Map<string, string>();
  const windows = new Map<string, string>();
  for (let day = addDays(from, 1); day <= to; day = addDays(day, 1)) {
    if (day === '2025-06-01') {
      const moving = SERVERS.find((s) => s.domain === 's03.example')!;
      moving.software = 'hometown'; // a Mastodon fork: its whole history now counts under hometown
    }
    for (const s of SERVERS) {
      const ok = observed(s, day);
      if (day >= s.startsOn) attempts.push(`('${day}', '${s.domain}', '${ok ? 'ok' : 'timeout'}', NULL, 2, '${day} 03:00:00', 1)`);
      if (!ok) continue;
      const users = nextUsers(s, day);
      const active = s.pattern === 'vanishing' ? 10 : users === null ? null : Math.floor(users / 4);
      snapshots.push(`('${day}', '${s.domain}', '${s.software}', '${s.version}', ${users ?? 'NULL'}, ${active ?? 'NULL'}, NULL, 100, true, NULL,
        'nodeinfo-2.0', '${day} 03:00:00')`);
      s.firstSeenOk ??= day;
      const created = s.domain < 's05' ? `'${s.startsOn} 12:00:00'` : 'NULL';
      servers.set(s.domain, `('${s.domain}', '${s.startsOn}', '${s.firstSeenOk}', '${day}', '${day}', 'ok', '${s.software}', '${s.version}', ${created})`);
      if (s.activity) {
        // Mastodon re-reports the last 12 weeks every day; the latest observation of a week wins.
        for (let w = 0; w < 12; w++) {
          const week = addDays(mondayOf(day), -7 * w);
          const registrations = rnd() < 0.1 ? null : Math.floor(rnd() * 20);
          windows.set(`${s.domain} ${week}`, `('${s.domain}', '${week}', '${week} 00:00:00', 5, 5, ${registrations ?? 'NULL'}, NULL, '${day}')`);
        }
      }
    }
  }
  const insert = (head: string, rows: Iterable<string>): string => {
    const list = [...rows];
    return list.length > 0 ? `${head} VALUES ${list.join(',\n')};` : '';
  };
  return [
    insert('INSERT INTO attempts (day, domain, status, reason, requests, crawled_at, run_id)', attempts),
    insert(`INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear,
      local_posts, open_registrations, quality, sources, crawled_at)`, snapshots),
    insert('INSERT OR REPLACE INTO servers (domain, first_seen, first_seen_ok, last_seen_ok, last_attempt, status, software, version, created_at)', servers.values()),
    insert('INSERT OR REPLACE INTO weekly_activity (domain, week, window_start, statuses, logins, registrations, quality, observed_on)', windows.values()),
  ].join('\n');
}

let root: string;
let dbPath: string;
let publishDir: string;

beforeAll(async () => {
  root = await tempDir('weekly-carried');
  dbPath = path.join(root, 'census.duckdb');
  publishDir = path.join(root, 'published');
  (await openCensusForWriting(dbPath)).close();
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** The stored rows of a published version and the rows computed over the whole census, both modes. */
async function bothWays(result: PublishResult): Promise<[unknown, unknown]> {
  const version = await openReadOnlyDb(path.join(publishDir, result.current.database), 1);
  const census = await openReadOnlyDb(dbPath, 1);
  try {
    return [await weeklyJoinsByMode(version), await weeklyJoinsByMode(census)];
  } finally {
    version.close();
    census.close();
  }
}

// Nights a few days apart and weeks apart, so the cut moves over months with steps on either side of it.
const NIGHTS = ['2025-01-20', '2025-03-03', '2025-05-02', '2025-05-03', '2025-05-21', '2025-06-02', '2025-06-30', '2025-07-01', '2025-08-16', '2025-09-02', '2025-10-01'];

describe('weekly rows carried from one publication to the next', () => {
  it('equal the rows computed over the whole census, every night', { timeout: 240_000 }, async () => {
    const results: PublishResult[] = [];
    const stateFiles: number[] = []; // inode of each version's weekly-state.duckdb
    let last = '2024-12-31';
    for (const [i, night] of NIGHTS.entries()) {
      await writeToCensus(dbPath, crawlDays(last, night));
      last = night;
      const result = await publishCensus({ dbPath, publishDir, now: new Date(Date.UTC(2026, 0, 1, 0, i)) });
      const [stored, computed] = await bothWays(result);
      expect(stored, `night ${night} (${result.weekly.from}, cut ${result.weekly.cut})`).toEqual(computed);
      results.push(result);
      stateFiles.push((await stat(path.join(publishDir, result.version, WEEKLY_STATE_FILE))).ino);
    }
    expect(results[0]!.weekly).toMatchObject({ from: 'whole history', why: 'no previous version', stateChanged: true });
    const carried = results.filter((r) => r.weekly.from === 'carried');
    // The first nights have nothing settled yet; from May the previous version's part is carried.
    expect(carried.length).toBeGreaterThanOrEqual(7);
    expect(new Set(carried.map((r) => r.weekly.cut)).size).toBeGreaterThanOrEqual(4);
    expect(results[NIGHTS.indexOf('2025-06-02')]!.weekly).toMatchObject({ from: 'carried', moved: 1, stateChanged: true });
    // Same cut, nobody moved: the state is the previous version's file, not a copy.
    const [june30, july1] = [results[NIGHTS.indexOf('2025-06-30')]!, results[NIGHTS.indexOf('2025-07-01')]!];
    expect(july1.weekly).toMatchObject({ from: 'carried', cut: june30.weekly.cut, moved: 0, stateChanged: false });
    expect(stateFiles[NIGHTS.indexOf('2025-07-01')]).toBe(stateFiles[NIGHTS.indexOf('2025-06-30')]);
    expect(stateFiles[NIGHTS.indexOf('2025-06-02')]).not.toBe(stateFiles[NIGHTS.indexOf('2025-05-21')]);
    expect(cutFor('2025-10-01')).toBe('2025-06-01');
  });

  it('starts from the whole history when a row before the cut changed, and stays equal', { timeout: 120_000 }, async () => {
    // A past day crawled again (crawled_at is when it was): the month's partition and its stamp change.
    await writeToCensus(dbPath, `UPDATE snapshots SET users_total = users_total + 500, crawled_at = TIMESTAMP '2025-10-02 05:00:00'
      WHERE day = DATE '2025-02-10' AND domain = 's00.example'; ${crawlDays('2025-10-01', '2025-10-02')}`);
    const result = await publishCensus({ dbPath, publishDir, now: new Date(Date.UTC(2026, 0, 2)) });
    expect(result.weekly).toMatchObject({ from: 'whole history', why: 'rows before 2025-06-01 changed' });
    const [stored, computed] = await bothWays(result);
    expect(stored).toEqual(computed);

    await writeToCensus(dbPath, crawlDays('2025-10-02', '2025-10-03'));
    const next = await publishCensus({ dbPath, publishDir, now: new Date(Date.UTC(2026, 0, 3)) });
    expect(next.weekly.from).toBe('carried');
    const [storedNext, computedNext] = await bothWays(next);
    expect(storedNext).toEqual(computedNext);
  });

  it('computes from the whole history, and says why, when the previous state cannot be read', { timeout: 120_000 }, async () => {
    const current = JSON.parse(await readFile(path.join(publishDir, 'current.json'), 'utf8')) as { version: string };
    const instance = await DuckDBInstance.create(path.join(publishDir, current.version, WEEKLY_STATE_FILE));
    const connection = await instance.connect();
    await connection.run('ALTER TABLE settled DROP COLUMN growth'); // a state this code cannot read
    connection.closeSync();
    instance.closeSync();
    await writeToCensus(dbPath, crawlDays('2025-10-03', '2025-10-04'));
    const result = await publishCensus({ dbPath, publishDir, now: new Date(Date.UTC(2026, 0, 4)) });
    expect(result.weekly.from).toBe('whole history');
    expect(result.weekly.why).toMatch(/^the previous version's state could not be carried: /);
    const [stored, computed] = await bothWays(result);
    expect(stored).toEqual(computed);
  });
});


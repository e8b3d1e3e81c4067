import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCensusForWriting, type CensusDb } from '../../../crawler/store/db.ts';
import { CensusWriter } from '../../../crawler/store/census-writer.ts';
import type { ServerObservation } from '../../../crawler/observation.ts';
import { MIGRATIONS } from '../../../core/schema.ts';

let dir: string;
let db: CensusDb;
let writer: CensusWriter;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-store-'));
  db = await openCensusForWriting(path.join(dir, 'census.duckdb'));
  writer = new CensusWriter(db.connection);
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

async function rows(sql: string): Promise<Record<string, unknown>[]> {
  return (await db.connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

const okObservation = (domain: string, users: number, extra: Partial<ServerObservation> = {}): ServerObservation => ({
  domain,
  status: 'ok',
  software: 'mastodon',
  version: '4.3.0',
  usersTotal: { value: users },
  usersActiveMonth: { value: Math.floor(users / 10) },
  usersActiveHalfyear: { value: null },
  localPosts: { value: null, flag: 'negative' },
  openRegistrations: true,
  sources: ['nodeinfo-2.0'],
  requests: 5,
  ...extra,
});

describe('CensusWriter', () => {
  it('migrates a new database to the current schema version once', async () => {
    const versions = MIGRATIONS.map((m) => ({ version: m.version }));
    expect(await rows('SELECT version FROM schema_version ORDER BY version')).toEqual(versions);
    db.close();
    db = await openCensusForWriting(path.join(dir, 'census.duckdb'));
    expect(await rows('SELECT version FROM schema_version ORDER BY version')).toEqual(versions);
  });

  it('adds each name once and remembers who listed it first', async () => {
    expect(await writer.addServers('2026-11-01', [{ domain: 'a.social', listedBy: null }])).toBe(1);
    expect(await writer.addServers('2026-11-01', [{ domain: 'a.social', listedBy: 'x.social' }, { domain: 'b.social', listedBy: 'a.social' }])).toBe(1);
    // Listed twice in one batch: the first lister in the batch's order is kept. crawl() never sends that (its
    // `seen` set), so this states the writer's contract; a batch this small is read in order by one thread, so
    // the test would pass without the SQL's ORDER BY too: that clause is what guarantees it for big batches.
    const listers = Array.from({ length: 50 }, (_, i) => ({ domain: 'c.social', listedBy: `l${i}.social` }));
    expect(await writer.addServers('2026-11-01', listers)).toBe(1);
    expect(await rows(`SELECT listed_by FROM servers WHERE domain = 'c.social'`)).toEqual([{ listed_by: 'l0.social' }]);
    expect(await rows('SELECT domain, listed_by FROM servers ORDER BY domain')).toEqual([
      { domain: 'a.social', listed_by: null },
      { domain: 'b.social', listed_by: 'a.social' },
      { domain: 'c.social', listed_by: 'l0.social' },
    ]);
  });

  it('replaces a day\'s rows when the same day is crawled again: no duplicates', async () => {
    await writer.addServers('2026-11-01', [{ domain: 'a.social', listedBy: null }, { domain: 'b.social', listedBy: null }]);
    const at = new Date('2026-11-01T03:00:00Z');
    await writer.recordBatch('2026-11-01', 1, [], [okObservation('a.social', 100), okObservation('b.social', 5)], at);
    await writer.recordBatch('2026-11-01', 2, [], [okObservation('a.social', 120)], at);
    expect(await rows(`SELECT domain, users_total, quality FROM snapshots ORDER BY domain`)).toEqual([
      { domain: 'a.social', users_total: '120', quality: 'local_posts:negative' },
      { domain: 'b.social', users_total: '5', quality: 'local_posts:negative' },
    ]);
    // A failed re-crawl replaces the day's snapshot too: the day records what that crawl saw.
    await writer.recordBatch('2026-11-01', 3, [], [{ domain: 'b.social', status: 'timeout', reason: 'budget', requests: 2 }], at);
    expect(await rows(`SELECT domain FROM snapshots`)).toEqual([{ domain: 'a.social' }]);
    expect(await rows(`SELECT domain, status FROM attempts ORDER BY domain`)).toEqual([
      { domain: 'a.social', status: 'ok' },
      { domain: 'b.social', status: 'timeout' },
    ]);
  });

  it('keeps the newest status when an older day is backfilled', async () => {
    await writer.addServers('2026-11-08', [{ domain: 'a.social', listedBy: null }]);
    const at = new Date('2026-11-08T03:00:00Z');
    await writer.recordBatch('2026-11-08', 1, [], [{ domain: 'a.social', status: 'unreachable', reason: 'refused', requests: 1 }], at);
    await writer.recordBatch('2026-11-01', 2, [], [okObservation('a.social', 10)], at);
    expect(await rows(`SELECT status, first_seen::VARCHAR AS first_seen, first_seen_ok::VARCHAR AS ok, last_attempt::VARCHAR AS last FROM servers`)).toEqual([
      { status: 'unreachable', first_seen: '2026-11-01', ok: '2026-11-01', last: '2026-11-08' },
    ]);
  });

  it('assigns activity windows to the ISO week of start + 3 days; the latest observation wins', async () => {
    await writer.addServers('2026-11-01', [{ domain: 'a.social', listedBy: null }]);
    // Thursday 2026-10-29 10:00 UTC + 3 days = Sunday 2026-11-01: the week of Monday 2026-10-26.
    const windowStart = new Date('2026-10-29T10:00:00Z');
    const window = (registrations: number) => ({
      windowStart,
      statuses: { value: 1 },
      logins: { value: 2 },
      registrations: { value: registrations },
    });
    await writer.recordBatch('2026-11-01', 1, [], [okObservation('a.social', 10, { activity: [window(7)] })], new Date());
    await writer.recordBatch('2026-11-03', 2, [], [okObservation('a.social', 10, { activity: [window(9)] })], new Date());
    await writer.recordBatch('2026-11-02', 3, [], [okObservation('a.social', 10, { activity: [window(1)] })], new Date());
    expect(await rows(`SELECT week::VARCHAR AS week, registrations, observed_on::VARCHAR AS seen FROM weekly_activity`)).toEqual([
      { week: '2026-10-26', registrations: '9', seen: '2026-11-03' },
    ]);
  });

  it('stores the windows of the 13 weeks before the day and its next week, not those of a server whose clock is off', async () => {
    await writer.addServers('2026-11-04', [{ domain: 'a.social', listedBy: null }]);
    // Windows starting on a Monday fall in that week (start + 3 days). The day's week is 2026-11-02.
    const window = (monday: string) => ({ windowStart: new Date(`${monday}T00:00:00Z`), statuses: { value: 1 }, logins: { value: 2 }, registrations: { value: 3 } });
    const weeks = ['2026-07-27', '2026-08-03', '2026-08-10', '2026-11-02', '2026-11-09', '2026-11-16', '2027-11-01'];
    await writer.recordBatch('2026-11-04', 1, [], [okObservation('a.social', 10, { activity: weeks.map(window) })], new Date());
    // 2026-08-03 is 13 weeks before 2026-11-02; 2026-11-09 the week after.
    expect(await rows(`SELECT week::VARCHAR AS week FROM weekly_activity ORDER BY week`)).toEqual(
      ['2026-08-03', '2026-08-10', '2026-11-02', '2026-11-09'].map((week) => ({ week })),
    );
  });

  it('names its source on every row it writes, and never overwrites an activity window of another source', async () => {
    const window = (registrations: number) => [{ windowStart: new Date('2022-10-31T00:00:00Z'), statuses: { value: 1 }, logins: { value: 2 }, registrations: { value: registrations } }];
    const imported = new CensusWriter(db.connection, 'zegl-mastodon-stats');
    const run = await imported.beginRun('2022-11-27', new Date('2022-11-27T00:00:00Z'), { import: 'x' });
    await imported.recordBatch('2022-11-27', run, [{ domain: 'a.social', listedBy: null }], [okObservation('a.social', 10, { activity: window(40) })], new Date('2022-11-27T00:00:00Z'));
    await writer.recordBatch('2022-11-28', 2, [], [okObservation('a.social', 11, { activity: window(99) })], new Date('2022-11-28T00:00:00Z'));
    expect(await rows(`SELECT day::VARCHAR AS day, source FROM snapshots ORDER BY day`)).toEqual([
      { day: '2022-11-27', source: 'zegl-mastodon-stats' },
      { day: '2022-11-28', source: 'fedicensus' },
    ]);
    expect(await rows(`SELECT source FROM attempts ORDER BY day`)).toEqual([{ source: 'zegl-mastodon-stats' }, { source: 'fedicensus' }]);
    expect(await rows(`SELECT source FROM crawl_runs`)).toEqual([{ source: 'zegl-mastodon-stats' }]);
    expect(await rows(`SELECT registrations, source FROM weekly_activity`)).toEqual([{ registrations: '40', source: 'zegl-mastodon-stats' }]);
  });

  it('removes an excluded server\'s history and keeps a tombstone so it is not rediscovered', async () => {
    await writer.addServers('2026-11-01', [{ domain: 'a.social', listedBy: null }]);
    const activity = [{ windowStart: new Date('2026-10-26T00:00:00Z'), statuses: { value: 1 }, logins: { value: 2 }, registrations: { value: 3 } }];
    await writer.recordBatch('2026-11-01', 1, [], [okObservation('a.social', 10, { activity })], new Date());
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM weekly_activity`)).toEqual([{ n: 1 }]);
    await writer.exclude(['a.social'], '2026-11-02');
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM snapshots`)).toEqual([{ n: 0 }]);
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM attempts`)).toEqual([{ n: 0 }]);
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM weekly_activity`)).toEqual([{ n: 0 }]);
    expect(await rows(`SELECT domain, status, status_reason, first_seen::VARCHAR AS first_seen FROM servers`)).toEqual([
      { domain: 'a.social', status: 'excluded', status_reason: 'operator exclude list', first_seen: '2026-11-02' },
    ]);
    expect(await writer.knownDomains()).toEqual([]);
    expect([...(await writer.excludedDomains())]).toEqual(['a.social']);
    expect(await writer.addServers('2026-11-02', [{ domain: 'a.social', listedBy: 'b.social' }])).toBe(0);
  });

  it('keeps the earliest creation time read, with its source, and never one after the crawl', async () => {
    await writer.addServers('2026-11-01', [{ domain: 'a.social', listedBy: null }, { domain: 'b.social', listedBy: null }]);
    const created = (iso: string, source: ServerObservation['createdAtSource'] = 'mastodon_contact_account') =>
      ({ createdAt: new Date(iso), createdAtSource: source });
    const at = new Date('2026-11-01T03:00:00Z');
    const record = (day: string, run: number, a: Partial<ServerObservation>, b: Partial<ServerObservation> = {}) =>
      writer.recordBatch(day, run, [], [okObservation('a.social', 10, a), okObservation('b.social', 10, b)], at);
    const stored = () => rows(`SELECT domain, strftime(created_at, '%Y-%m-%d') AS created_at, created_at_source FROM servers ORDER BY domain`);

    // b.social's time lies after the crawl: a wrong clock, not evidence.
    await record('2026-11-01', 1, created('2023-05-02T00:00:00Z'), created('2027-01-01T00:00:00Z', 'misskey_first_local_user'));
    expect(await stored()).toEqual([
      { domain: 'a.social', created_at: '2023-05-02', created_at_source: 'mastodon_contact_account' },
      { domain: 'b.social', created_at: null, created_at_source: null },
    ]);
    // A later time (a new contact account) does not replace an earlier one; an earlier one does, source and all;
    // a crawl that read none leaves the stored one.
    await record('2026-11-02', 2, created('2024-01-01T00:00:00Z'), created('2025-03-04T00:00:00Z', 'misskey_first_local_user'));
    await record('2026-11-03', 3, created('2022-11-07T00:00:00Z', 'peertube_root_account'), { createdAt: null, createdAtSource: null });
    await record('2026-11-04', 4, {}, created('2025-03-04T10:00:00Z', 'misskey_first_local_user'));
    expect(await stored()).toEqual([
      { domain: 'a.social', created_at: '2022-11-07', created_at_source: 'peertube_root_account' },
      { domain: 'b.social', created_at: '2025-03-04', created_at_source: 'misskey_first_local_user' },
    ]);
    // A time without a source is never stored (nothing could say what it means).
    await record('2026-11-05', 5, { createdAt: new Date('2010-01-01T00:00:00Z') });
    expect((await stored())[0]).toEqual({ domain: 'a.social', created_at: '2022-11-07', created_at_source: 'peertube_root_account' });
  });
});

import { describe, expect, it } from 'vitest';
import { serverPage, serverRecord, softwareTallies, versionTally, type ServerListing, type ServerSort } from '../../../api/metrics/servers.ts';
import { D1, D2, D3, fixtureDbForFile } from '../fixture.ts';
import { memoryCensus } from './memory-census.ts';

const db = fixtureDbForFile(1);

async function walk(sort: ServerSort, limit: number, software: string | null = null): Promise<string[][]> {
  const pages: string[][] = [];
  let cursor = null;
  do {
    const page = await serverPage(db, { sort, limit, cursor, software });
    pages.push(page.servers.map((s) => s.domain));
    cursor = page.next;
  } while (cursor && pages.length < 10);
  return pages;
}

describe('serverPage', () => {
  it('pages servers seen ok by users_total, largest first, without skipping or repeating', async () => {
    expect(await walk('users_total', 2)).toEqual([
      ['lemmy.example.com', 'masto.example.org'],
      ['misskey.example.net', 'late.example.org'],
      ['pleroma.example.social'],
    ]);
  });

  it('pages by domain and puts a NULL count last', async () => {
    expect((await walk('domain', 3)).flat()).toEqual([
      'late.example.org', 'lemmy.example.com', 'masto.example.org', 'misskey.example.net', 'pleroma.example.social',
    ]);
    // lemmy's local_posts is NULL on its latest day.
    expect((await walk('local_posts', 4)).flat().at(-1)).toBe('lemmy.example.com');
  });

  it('carries the latest snapshot and filters by software', async () => {
    const page = await serverPage(db, { sort: 'users_total', limit: 10, software: 'akkoma' });
    expect(page.next).toBeNull();
    expect(page.servers).toEqual([
      expect.objectContaining({ domain: 'pleroma.example.social', software: 'akkoma', day: D3, users_total: 15, first_seen_ok: D2 }),
    ]);
  });
});

describe('serverRecord', () => {
  it('returns the record with its full daily history and activity', async () => {
    const record = await serverRecord(db, 'misskey.example.net');
    expect(record).toMatchObject({ domain: 'misskey.example.net', first_seen: D1, status: 'ok', software: 'misskey' });
    expect(record?.history.map((h) => [h.day, h.users_total, h.quality])).toEqual([
      [D1, 50, null],
      [D2, null, 'users_total:negative'],
      [D3, 80, 'users_active_month:too_large'],
    ]);
    expect((await serverRecord(db, 'masto.example.org'))?.activity.map((a) => a.registrations)).toEqual([5, 7, 9, null]);
    expect((await serverRecord(db, 'masto.example.org'))?.created_at).toBe('2023-12-20T10:00:00Z');
  });

  it('says where the creation time was read, and reads a census from before that column as null', async () => {
    const census = await memoryCensus(`
      INSERT INTO servers (domain, first_seen, status, software, created_at, created_at_source) VALUES
        ('tube.example', DATE '2026-03-02', 'ok', 'peertube', TIMESTAMP '2021-02-08 16:03:27.871', 'peertube_root_account');`);
    try {
      expect(await serverRecord(census.db, 'tube.example')).toMatchObject({
        created_at: '2021-02-08T16:03:27Z',
        created_at_source: 'peertube_root_account',
      });
      // A publication made before schema version 7 (readers accept it: OLDEST_READABLE_SCHEMA_VERSION).
      await census.db.all(`ALTER TABLE servers DROP COLUMN created_at_source`);
      expect((await serverRecord(census.db, 'tube.example'))?.created_at_source).toBeNull();
    } finally {
      census.close();
    }
  });

  it('is null for a name never seen and for an excluded server', async () => {
    expect(await serverRecord(db, 'never.example.org')).toBeNull();
    expect(await serverRecord(db, 'excluded.example.org')).toBeNull();
  });

  it('keeps a server never seen ok, with an empty history', async () => {
    expect(await serverRecord(db, 'gone.example.org')).toMatchObject({ status: 'timeout', first_seen_ok: null, history: [] });
  });
});

describe('softwareTallies and versionTally (the site software index and versions charts)', () => {
  const listing = (domain: string, software: string | null, version: string | null, users_total: number | null): ServerListing => ({
    domain, software, version, users_total, status: 'ok', first_seen: D1, first_seen_ok: D1, created_at: null, day: D1,
    users_active_month: null, local_posts: null,
  });
  const listings = [
    listing('a.example', 'mastodon', '4.2.1', 100),
    listing('b.example', 'mastodon', '4.2.1', null), // no plausible count: counted as a server, adds no users
    listing('c.example', 'mastodon', null, 7),
    listing('d.example', 'lemmy', '0.19.3', 50),
    listing('e.example', 'akkoma', '3.10', 60),
    listing('f.example', null, null, 5), // no software known: in no row
    listing('g.example', 'diaspora', null, null), // none of its servers reports users: null, not 0
  ];

  it('counts servers and sums each one\'s latest users_total per software, most servers first, then by name', () => {
    expect(softwareTallies(listings)).toEqual([
      { software: 'mastodon', servers: 3, users_total: 107 },
      { software: 'akkoma', servers: 1, users_total: 60 },
      { software: 'diaspora', servers: 1, users_total: null },
      { software: 'lemmy', servers: 1, users_total: 50 },
    ]);
  });

  it('counts servers by the version they reported, none as null', () => {
    expect(versionTally(listings.filter((l) => l.software === 'mastodon'))).toEqual(new Map([['4.2.1', 2], [null, 1]]));
  });
});

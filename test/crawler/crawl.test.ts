import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crawl, type CrawlDeps, type ServerCrawlResult } from '../../crawler/crawl.ts';
import { openCensusForWriting, type CensusDb } from '../../crawler/store/db.ts';
import { CensusWriter } from '../../crawler/store/census-writer.ts';
import { parseExcludeList } from '../../crawler/exclude-list.ts';

// A tiny fediverse as a function: who lists whom, and who answers.
const PEERS: Record<string, unknown[]> = {
  'seed.social': ['a.social', 'B.Social.', 'https://c.social/about', '10.0.0.1', 'localhost', 42, 'spam.bad.example.net'],
  'a.social': ['seed.social', 'b.social', 'd.social'],
  'b.social': ['e.social:8443'],
};
const DOWN = new Set(['c.social', 'd.social']);

let dir: string;
let db: CensusDb;
let crawled: string[];

function deps(overrides: Partial<CrawlDeps> = {}): CrawlDeps {
  return {
    writer: new CensusWriter(db.connection),
    clock: () => new Date('2026-11-26T03:00:00Z'),
    progress: { update() {}, finish() {} },
    batchSize: 2,
    crawlServer: async (domain): Promise<ServerCrawlResult> => {
      crawled.push(domain);
      if (domain === 'boom.social') throw new Error('parser bug');
      if (DOWN.has(domain)) return { observation: { domain, status: 'unreachable', reason: 'refused', requests: 1 }, peers: [] };
      return {
        observation: { domain, status: 'ok', software: 'mastodon', usersTotal: { value: 10 }, requests: 4 },
        peers: PEERS[domain] ?? [],
      };
    },
    ...overrides,
  };
}

const plan = (seeds: string[], exclude = '') => ({
  day: '2026-11-26',
  seeds,
  concurrency: 4,
  exclude: parseExcludeList(exclude),
  options: {},
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-crawl-'));
  db = await openCensusForWriting(path.join(dir, 'census.duckdb'));
  crawled = [];
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

async function rows(sql: string) {
  return (await db.connection.runAndReadAll(sql)).getRowObjectsJson();
}

describe('crawl', () => {
  it('walks peer lists breadth-first, crawling each valid name exactly once', async () => {
    const summary = await crawl(plan(['seed.social', 'not a name']), deps());
    expect(crawled.sort()).toEqual(['a.social', 'b.social', 'c.social', 'd.social', 'seed.social', 'spam.bad.example.net']);
    expect(summary).toMatchObject({ known: 6, attempted: 6, ok: 4, newServers: 6, invalidSeeds: ['not a name'] });
    expect(summary.outcomes).toEqual({ ok: 4, unreachable: 2 });
    expect(summary.peerEntriesDropped).toEqual({ ip_literal: 1, special_use: 1, non_string: 1, port: 1 });
    expect(await rows(`SELECT domain, listed_by FROM servers ORDER BY domain`)).toEqual([
      { domain: 'a.social', listed_by: 'seed.social' },
      { domain: 'b.social', listed_by: 'seed.social' },
      { domain: 'c.social', listed_by: 'seed.social' },
      { domain: 'd.social', listed_by: 'a.social' },
      { domain: 'seed.social', listed_by: null },
      { domain: 'spam.bad.example.net', listed_by: 'seed.social' },
    ]);
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM snapshots`)).toEqual([{ n: 4 }]);
    expect(await rows(`SELECT known, attempted, ok, new_servers FROM crawl_runs`)).toEqual([
      { known: 6, attempted: 6, ok: 4, new_servers: 6 },
    ]);
  });

  it('never contacts excluded names and removes what the census held of them', async () => {
    await crawl(plan(['seed.social']), deps());
    crawled = [];
    const summary = await crawl(plan(['seed.social'], 'a.social\n*.bad.example.net\n'), deps());
    expect(crawled).not.toContain('a.social');
    expect(crawled).not.toContain('spam.bad.example.net');
    expect(summary.excluded).toBe(2);
    expect(await rows(`SELECT count(*)::INTEGER AS n FROM snapshots WHERE domain IN ('a.social', 'spam.bad.example.net')`)).toEqual([{ n: 0 }]);
  });

  it('a server that breaks the crawler costs that server, not the crawl', async () => {
    const summary = await crawl(plan(['boom.social', 'seed.social']), deps());
    expect(summary.outcomes.invalid_response).toBe(1);
    expect(await rows(`SELECT status, reason FROM attempts WHERE domain = 'boom.social'`)).toEqual([
      { status: 'invalid_response', reason: 'crawler error: parser bug' },
    ]);
  });

  it('re-running the same day crawls known servers again without duplicating rows', async () => {
    await crawl(plan(['seed.social']), deps());
    const second = await crawl(plan([]), deps());
    expect(second.newServers).toBe(0);
    // The two that failed back off (next attempt in 2 days); the four ok ones are crawled again.
    expect(second.attempted).toBe(4);
    expect(second.waiting).toBe(2);
    expect(await rows(`SELECT count(*)::INTEGER AS n, count(DISTINCT domain)::INTEGER AS d FROM attempts`)).toEqual([{ n: 6, d: 6 }]);
  });

  it('keeps a crawl that runs past midnight UTC on the day it records; crawled_at says when each row was written', async () => {
    // What DATA-DICTIONARY.md says of crawled_at (api/publish/columns.ts): it need not fall on `day`.
    let calls = 0;
    const clock = () => (calls++ === 0 ? new Date('2026-11-26T23:59:59Z') : new Date('2026-11-27T00:00:30Z'));
    await crawl(plan(['seed.social']), deps({ clock }));
    expect(await rows(`SELECT DISTINCT strftime(day, '%Y-%m-%d') AS day, strftime(crawled_at, '%Y-%m-%dT%H:%M:%S') AS at FROM snapshots`))
      .toEqual([{ day: '2026-11-26', at: '2026-11-27T00:00:30' }]);
  });

  it('resumes a day an interrupted run left unfinished, crawling each server once in all', async () => {
    await crawl(plan(['seed.social']), deps());
    // A run for the next day that died after writing one batch: seed.social and a.social were done.
    const writer = new CensusWriter(db.connection);
    const dead = await writer.beginRun('2026-11-27', new Date(), {});
    await writer.recordBatch('2026-11-27', dead, [], [
      { domain: 'seed.social', status: 'ok', software: 'mastodon', requests: 3 },
      { domain: 'a.social', status: 'ok', software: 'mastodon', requests: 3 },
    ], new Date());
    crawled = [];
    const resumed = await crawl({ ...plan([]), day: '2026-11-27' }, deps());
    expect(resumed.resumed).toBe(2);
    // c.social and d.social failed on the 26th: they wait until the 28th.
    expect(crawled.sort()).toEqual(['b.social', 'spam.bad.example.net']);
    expect(await rows(`SELECT count(*)::INTEGER AS n, count(DISTINCT domain)::INTEGER AS d FROM attempts WHERE day = '2026-11-27'`)).toEqual([{ n: 4, d: 4 }]);
    // Once the day has finished, running it again re-crawls everything due (a deliberate re-run).
    crawled = [];
    await crawl({ ...plan([]), day: '2026-11-27' }, deps());
    expect(crawled).toHaveLength(4);
  });
});

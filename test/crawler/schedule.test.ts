// The life of a server: backoff after failures, a week for servers that asked to be left alone, gone after
// 90 days, back when a peer list names it again, a nightly cap on unproven names per registrable domain, and
// the order a night crawls them in.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { crawl, type ServerCrawlResult } from '../../crawler/crawl.ts';
import { openCensusForWriting, type CensusDb } from '../../crawler/store/db.ts';
import { CensusWriter } from '../../crawler/store/census-writer.ts';
import { parseExcludeList } from '../../crawler/exclude-list.ts';
import type { ServerObservation } from '../../crawler/observation.ts';
import { addDays } from '../../api/metrics/dates.ts';

let dir: string;
let db: CensusDb;
let attempted: string[];
let peerListsAsked: string[];
/** What each server answers; anything absent is unreachable. */
let behaviour: Record<string, (domain: string) => Omit<ServerObservation, 'domain' | 'requests'>>;
let peersOf: Record<string, string[]>;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-schedule-'));
  db = await openCensusForWriting(path.join(dir, 'census.duckdb'));
  attempted = [];
  behaviour = {};
  peersOf = {};
});
afterEach(async () => {
  db.close();
  await rm(dir, { recursive: true, force: true });
});

async function crawlOn(day: string, seeds: string[] = [], maxNewPerDomain?: number) {
  attempted = [];
  peerListsAsked = [];
  return crawl(
    { day, seeds, concurrency: 4, exclude: parseExcludeList(''), options: {}, ...(maxNewPerDomain !== undefined ? { maxNewPerDomain } : {}) },
    {
      writer: new CensusWriter(db.connection),
      clock: () => new Date(`${day}T03:00:00Z`),
      progress: { update() {}, finish() {} },
      crawlServer: async (domain, { fetchPeers }): Promise<ServerCrawlResult> => {
        attempted.push(domain);
        const answer = behaviour[domain]?.(domain) ?? { status: 'unreachable', reason: 'refused' };
        // As crawl-server.ts: the peer list is asked for only from a server that answered, when it is due.
        if (answer.status !== 'ok' || !fetchPeers) return { observation: { domain, requests: 1, ...answer }, peers: [] };
        peerListsAsked.push(domain);
        return { observation: { domain, requests: 2, ...answer, peersFetched: true }, peers: peersOf[domain] ?? [] };
      },
    },
  );
}

const ok = () => ({ status: 'ok' as const, software: 'mastodon', usersTotal: { value: 1 } });

async function nextAttempt(domain: string) {
  const reader = await db.connection.runAndReadAll(`SELECT next_attempt::VARCHAR AS n, gone FROM servers WHERE domain = ?`, [domain]);
  return reader.getRowObjectsJson()[0];
}

describe('the life of a server', () => {
  it('backs off 2^k days after k consecutive failures, at most 30, and resets on success', async () => {
    let day = '2026-01-01';
    const waits: number[] = [];
    await crawlOn(day, ['dead.social']);
    for (let i = 0; i < 5; i++) {
      const next = (await nextAttempt('dead.social'))!.n as string;
      waits.push((Date.parse(next) - Date.parse(day)) / 86_400_000);
      // The day before it is due, the server is left alone.
      await crawlOn(addDays(next, -1));
      expect(attempted).toEqual([]);
      day = next;
      await crawlOn(day);
      expect(attempted).toEqual(['dead.social']);
    }
    expect(waits).toEqual([2, 4, 8, 16, 30]);
    behaviour['dead.social'] = ok;
    const next = (await nextAttempt('dead.social'))!.n as string;
    await crawlOn(next);
    expect(await nextAttempt('dead.social')).toEqual({ n: null, gone: false });
  });

  it('waits a week before asking again a server that refused (robots.txt, 410, moved)', async () => {
    behaviour['private.social'] = () => ({ status: 'disallowed', reason: 'robots.txt', retryAfterDays: 7 });
    await crawlOn('2026-01-01', ['private.social']);
    expect(await nextAttempt('private.social')).toEqual({ n: '2026-01-08', gone: false });
  });

  it('marks a server gone after 90 days without success; a peer list naming it brings it back', async () => {
    behaviour['seed.social'] = ok;
    await crawlOn('2026-01-01', ['seed.social', 'old.social']);
    let day = '2026-01-01';
    while (!(await nextAttempt('old.social'))!.gone) {
      day = (await nextAttempt('old.social'))!.n as string;
      await crawlOn(day);
    }
    expect(Date.parse(day) - Date.parse('2026-01-01')).toBeGreaterThanOrEqual(90 * 86_400_000);
    // Gone and past its backoff: not attempted while nobody lists it...
    const later = addDays((await nextAttempt('old.social'))!.n as string, 1);
    const quiet = await crawlOn(later);
    expect(attempted).toEqual(['seed.social']);
    expect(quiet.dormant).toBe(1);
    // ...and attempted again as soon as a peer list names it: the night seed.social's list is next asked
    // for (weekly, crawler/peer-refresh.ts).
    peersOf['seed.social'] = ['old.social'];
    behaviour['old.social'] = ok;
    let back = await crawlOn(addDays(later, 1));
    for (let n = 2; n <= 7 && !peerListsAsked.includes('seed.social'); n++) {
      expect(attempted).toEqual(['seed.social']);
      back = await crawlOn(addDays(later, n));
    }
    expect(peerListsAsked).toContain('seed.social');
    expect(attempted.sort()).toEqual(['old.social', 'seed.social']);
    expect(back.revived).toBe(1);
    expect(await nextAttempt('old.social')).toEqual({ n: null, gone: false });
  });

  it('caps unproven names per registrable domain each night and rotates through them', async () => {
    behaviour['hub.social'] = ok;
    peersOf['hub.social'] = Array.from({ length: 25 }, (_, i) => `h${i}.activitypub-troll.cf`);
    const first = await crawlOn('2026-01-01', ['hub.social'], 10);
    expect(attempted.filter((d) => d.endsWith('.activitypub-troll.cf'))).toHaveLength(10);
    expect(first.capped).toEqual({ 'activitypub-troll.cf': 15 });
    // The next night the names never attempted come first.
    await crawlOn('2026-01-02', [], 10);
    const second = attempted.filter((d) => d.endsWith('.activitypub-troll.cf'));
    expect(second).toHaveLength(10);
    expect(new Set(second).size).toBe(10);
  });

  it('servers once seen ok are never capped', async () => {
    behaviour['hub.social'] = ok;
    for (let i = 0; i < 5; i++) behaviour[`s${i}.masto.host`] = ok;
    peersOf['hub.social'] = Array.from({ length: 5 }, (_, i) => `s${i}.masto.host`);
    await crawlOn('2026-01-01', ['hub.social'], 5);
    await crawlOn('2026-01-02', [], 1);
    expect(attempted.filter((d) => d.endsWith('.masto.host'))).toHaveLength(5);
  });

  it('a cap of 0 means no cap', async () => {
    behaviour['hub.social'] = ok;
    peersOf['hub.social'] = Array.from({ length: 150 }, (_, i) => `h${i}.activitypub-troll.cf`);
    const night = await crawlOn('2026-01-01', ['hub.social'], 0);
    expect(attempted.filter((d) => d.endsWith('.activitypub-troll.cf'))).toHaveLength(150);
    expect(night.capped).toEqual({});
  });
});

describe('crawl order', () => {
  const timedOut = () => ({ status: 'timeout' as const, reason: 'headers timeout on /robots.txt' });

  it('starts the servers that timed out last time first, then those that answered, then those that failed fast', async () => {
    for (const d of ['b.social', 'd.social']) behaviour[d] = ok;
    for (const d of ['a.social', 'e.social']) behaviour[d] = timedOut;
    await crawlOn('2026-01-01', ['a.social', 'b.social', 'c.social', 'd.social', 'e.social']);
    // Nothing known yet: by name.
    expect(attempted).toEqual(['a.social', 'b.social', 'c.social', 'd.social', 'e.social']);
    // Two days later every one is due again (a first failure waits 2 days); a new name is like one that answered.
    await crawlOn('2026-01-03', ['f.social']);
    expect(attempted).toEqual(['a.social', 'e.social', 'f.social', 'b.social', 'd.social', 'c.social']);
  });

  it('a server named again mid-night goes by its last answer too: a gone one that timed out starts next', async () => {
    behaviour['hang.social'] = timedOut;
    await crawlOn('2026-01-01', ['hang.social']);
    while (!(await nextAttempt('hang.social'))!.gone) await crawlOn((await nextAttempt('hang.social'))!.n as string);
    const night = addDays((await nextAttempt('hang.social'))!.n as string, 2);
    const dead = Array.from({ length: 30 }, (_, i) => `d${String(i).padStart(2, '0')}.social`);
    await crawlOn(addDays(night, -2), dead); // each failed once: due again tonight, fast failures
    behaviour['hub.social'] = ok;
    peersOf['hub.social'] = ['hang.social'];
    await crawlOn(night, ['hub.social']);
    expect(attempted[0]).toBe('hub.social');
    expect(attempted).toHaveLength(32);
    // Queued behind at most the few names already handed to the queue (2 x concurrency), not behind all 30.
    expect(attempted.indexOf('hang.social')).toBeLessThanOrEqual(9);
  });

  it('orders only what the cap admitted: the cap still rotates, least recently attempted first', async () => {
    behaviour['s1.troll-farm.cf'] = timedOut;
    await crawlOn('2026-01-01', ['s1.troll-farm.cf', 's2.troll-farm.cf', 's3.troll-farm.cf'], 1);
    expect(attempted).toEqual(['s1.troll-farm.cf']);
    // s1 timed out and is due again, but the one name the cap lets in is one never attempted.
    await crawlOn('2026-01-03', [], 1);
    expect(attempted).toEqual(['s2.troll-farm.cf']);
  });
});

describe('peer lists', () => {
  const hosts = Array.from({ length: 70 }, (_, i) => `s${i}.example.social`);
  beforeEach(() => {
    behaviour['hub.social'] = ok;
    for (const h of hosts) behaviour[h] = ok;
    peersOf['hub.social'] = hosts;
  });

  it('are fetched on the first crawl, then once a week per server, spread over the week', async () => {
    const night1 = await crawlOn('2026-01-01', ['hub.social']);
    expect(new Set(peerListsAsked)).toEqual(new Set(['hub.social', ...hosts]));
    expect(night1.peerLists).toEqual({ fetched: 71, notDue: 0 });
    const daysAsked = new Map<string, string[]>();
    for (let n = 1; n <= 14; n++) {
      const day = addDays('2026-01-01', n);
      const night = await crawlOn(day);
      expect(attempted).toHaveLength(71); // every server is still crawled every night
      expect(night.peerLists.fetched + night.peerLists.notDue).toBe(71);
      expect(night.peerLists.fetched).toBe(peerListsAsked.length); // the count is of lists asked for
      for (const domain of peerListsAsked) daysAsked.set(domain, [...(daysAsked.get(domain) ?? []), day]);
    }
    // Each server: exactly two asks in two weeks, exactly 7 days apart.
    for (const domain of ['hub.social', ...hosts]) {
      const asked = daysAsked.get(domain) ?? [];
      expect(asked, domain).toHaveLength(2);
      expect(addDays(asked[0]!, 7)).toBe(asked[1]);
    }
    // Staggered: no night asks for most of the lists (71 servers over 7 slots).
    const perNight = new Map<string, number>();
    for (const asked of daysAsked.values()) perNight.set(asked[0]!, (perNight.get(asked[0]!) ?? 0) + 1);
    expect(perNight.size).toBe(7);
    expect(Math.max(...perNight.values())).toBeLessThan(25);
  });

  it('a server down on its slot gives its list at the next crawl that reaches it once a week has passed', async () => {
    await crawlOn('2026-01-01', ['hub.social']);
    // Down for a week, its slot included (backoff aside: each night's attempt is forced by the schedule
    // below only when due, so count what the census says rather than what was attempted).
    behaviour['hub.social'] = () => ({ status: 'unreachable', reason: 'refused' });
    for (let n = 1; n <= 7; n++) await crawlOn(addDays('2026-01-01', n));
    const fetchedOn = async () =>
      (await db.connection.runAndReadAll(`SELECT peers_fetched_on::VARCHAR AS d FROM servers WHERE domain = 'hub.social'`)).getRowObjects()[0]?.d;
    expect(await fetchedOn()).toBe('2026-01-01');
    behaviour['hub.social'] = ok;
    // Its backoff after failures decides when it is attempted; the first attempt that reaches it asks.
    for (let n = 8; n <= 40 && (await fetchedOn()) === '2026-01-01'; n++) {
      const day = addDays('2026-01-01', n);
      await crawlOn(day);
      if (attempted.includes('hub.social')) {
        expect(peerListsAsked).toContain('hub.social');
        expect(await fetchedOn()).toBe(day);
      }
    }
    expect(await fetchedOn()).not.toBe('2026-01-01');
  });

  it('a name a peer list brings today has its own list asked for today', async () => {
    await crawlOn('2026-01-01', ['hub.social']);
    expect(peerListsAsked).toContain('s0.example.social');
    // Later: a new name in hub.social's list is found the night that list is due, and asked at once.
    behaviour['fresh.example.social'] = ok;
    peersOf['hub.social'] = [...hosts, 'fresh.example.social'];
    let found = false;
    for (let n = 1; n <= 7 && !found; n++) {
      await crawlOn(addDays('2026-01-01', n));
      found = peerListsAsked.includes('hub.social');
      expect(attempted.includes('fresh.example.social')).toBe(found);
      if (found) expect(peerListsAsked).toContain('fresh.example.social');
    }
    expect(found).toBe(true);
  });
});

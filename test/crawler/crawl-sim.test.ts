// The crawler against the simulated fediverse, end to end over real TLS on loopback: what the census holds
// after a crawl must EQUAL the simulator's ground truth, server by server and in total.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { startSimFediverse, type SimFediverse } from '../../sim/server.ts';
import { groundTruth, expectedFlags, type GroundTruth } from '../../sim/truth.ts';
import { runCrawl } from '../../crawler/run.ts';
import type { CrawlSummary } from '../../crawler/crawl.ts';

let dir: string;
let sim: SimFediverse;
let truth: GroundTruth;
let summary: CrawlSummary;
let rowsOf: (sql: string) => Promise<Record<string, unknown>[]>;
let closeDb: () => void;
let dbPath: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-crawl-sim-'));
  const catalogue = generateCatalogue({ seed: 7, aliveCount: 300, deadCount: 100 });
  // A Wednesday afternoon: Mastodon's activity windows (now minus whole weeks) then start off Mondays.
  const now = new Date(catalogue.start.getTime() + 2 * 86_400_000 + 15 * 3_600_000);
  sim = await startSimFediverse({ catalogue, now, slowDelayMs: 50, hugeBodyBytes: 2 * 1024 * 1024 });
  truth = groundTruth(catalogue, { now });
  dbPath = path.join(dir, 'census.duckdb');
  summary = await runCrawl(
    {
      db: dbPath,
      day: truth.date,
      seeds: catalogue.seeds,
      seedsFile: 'unused',
      excludeFile: path.join(dir, 'no-exclude.txt'),
      concurrency: 32,
      // Generous: a busy 2-core machine must not turn a slow answer into a timeout. Hanging hosts cost this.
      timeoutMs: 8000,
      connectTo: [sim.connectTo],
      progressIntervalMs: 60_000,
    },
    { stderr: { write: () => true }, now: () => new Date() },
  );
  const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  rowsOf = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  closeDb = () => {
    connection.closeSync();
    instance.closeSync();
  };
});

afterAll(async () => {
  closeDb?.();
  await sim?.close();
  if (!process.env.KEEP_DB) await rm(dir, { recursive: true, force: true }); else console.log('kept', dir);
});

describe('a crawl of the simulated fediverse', () => {
  it('discovers exactly the servers a correct walk of the peer lists finds', async () => {
    const known = (await rowsOf(`SELECT domain FROM servers ORDER BY domain`)).map((r) => r.domain);
    expect(known).toEqual([...truth.discovered].sort());
    expect(summary.known).toBe(truth.discovered.length);
    expect(summary.attempted).toBe(truth.discovered.length);
  });

  it('gives every server the status the ground truth expects', async () => {
    const got = Object.fromEntries((await rowsOf(`SELECT domain, status FROM attempts`)).map((r) => [r.domain, r.status]));
    const want = Object.fromEntries([...truth.servers.values()].map((s) => [s.domain, s.status]));
    expect(got).toEqual(want);
    expect(summary.outcomes).toEqual(Object.fromEntries(Object.entries(truth.totals.byStatus).filter(([, n]) => n > 0)));
    // A permanent redirect to another name is a move: recorded with its target, which is crawled as itself.
    const moved = await rowsOf(`SELECT domain, moved_to FROM servers WHERE status = 'moved' ORDER BY domain`);
    const wantMoved = [...truth.servers.values()].filter((s) => s.status === 'moved').map((s) => ({ domain: s.domain, moved_to: s.movedTo }));
    expect(moved).toEqual(wantMoved.sort((a, b) => (a.domain < b.domain ? -1 : 1)));
    expect(wantMoved.length).toBeGreaterThan(0);
  });

  it('stores each ok server\'s figures, flags, software and creation time exactly', async () => {
    const rows = await rowsOf(`
      SELECT s.domain, s.software, s.version, s.users_total, s.users_active_month, s.users_active_halfyear,
             s.local_posts, s.open_registrations, coalesce(s.quality, '') AS quality,
             strftime(v.created_at, '%Y-%m-%dT%H:%M:%S.%g') AS created_at, v.created_at_source
      FROM snapshots s JOIN servers v USING (domain) ORDER BY s.domain`);
    const num = (v: unknown) => (v === null ? null : Number(v));
    const got = rows.map((r) => ({
      domain: r.domain,
      software: r.software,
      version: r.version,
      usersTotal: num(r.users_total),
      usersActiveMonth: num(r.users_active_month),
      usersActiveHalfyear: num(r.users_active_halfyear),
      localPosts: num(r.local_posts),
      openRegistrations: r.open_registrations,
      quality: r.quality,
      createdAt: r.created_at,
      createdAtSource: r.created_at_source,
    }));
    const want = [...truth.servers.values()]
      .filter((s) => s.status === 'ok')
      .sort((a, b) => (a.domain < b.domain ? -1 : 1))
      .map((s) => ({
        domain: s.domain,
        software: s.software,
        version: s.version ?? null,
        usersTotal: s.usersTotal?.value ?? null,
        usersActiveMonth: s.usersActiveMonth?.value ?? null,
        usersActiveHalfyear: s.usersActiveHalfyear?.value ?? null,
        localPosts: s.localPosts?.value ?? null,
        openRegistrations: s.openRegistrations ?? null,
        quality: expectedFlags(s),
        createdAt: s.createdAt ? s.createdAt.toISOString().slice(0, 23) : null,
        createdAtSource: s.createdAtSource ?? null,
      }));
    expect(got).toEqual(want);
  });

  it('collects a creation time from every software that exposes one, read from the field the truth names', async () => {
    const rows = await rowsOf(`
      SELECT software, coalesce(created_at_source, 'none') AS source, count(*)::INTEGER AS servers
      FROM servers WHERE status = 'ok' GROUP BY ALL ORDER BY ALL`);
    const want = new Map<string, number>();
    for (const s of truth.servers.values()) {
      if (s.status !== 'ok') continue;
      const key = `${s.software}|${s.createdAtSource ?? 'none'}`;
      want.set(key, (want.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(rows.map((r) => [`${r.software}|${r.source}`, r.servers]))).toEqual(Object.fromEntries(want));
    // Every software whose real counterpart exposes a creation time has servers here that gave one.
    const withTime = new Set(rows.filter((r) => r.source !== 'none').map((r) => `${r.software}|${r.source}`));
    expect([...withTime].sort()).toEqual([
      'friendica|mastodon_contact_account', 'gotosocial|mastodon_contact_account', 'lemmy|lemmy_site_published',
      'mastodon|mastodon_contact_account', 'misskey|misskey_first_local_user', 'peertube|peertube_root_account',
      'pixelfed|mastodon_contact_account', 'pleroma|mastodon_contact_account', 'sharkey|misskey_first_local_user',
      'snac|mastodon_contact_account',
    ]);
    // ... and those whose counterpart exposes none have none (Akkoma's instance has no contact account).
    expect(rows.filter((r) => ['akkoma', 'wordpress', 'diaspora'].includes(String(r.software)) && r.source !== 'none')).toEqual([]);
  });

  it('sums to the ground truth\'s totals, skipping NULLs', async () => {
    const [sums] = await rowsOf(`
      SELECT count(*)::INTEGER AS servers, sum(users_total)::BIGINT AS users, sum(users_active_month)::BIGINT AS mau,
             sum(users_active_halfyear)::BIGINT AS hau, sum(local_posts)::BIGINT AS posts FROM snapshots`);
    expect({
      servers: sums!.servers,
      users: Number(sums!.users),
      mau: Number(sums!.mau),
      hau: Number(sums!.hau),
      posts: Number(sums!.posts),
    }).toEqual({
      servers: truth.totals.serversOk,
      users: truth.totals.usersTotal,
      mau: truth.totals.usersActiveMonth,
      hau: truth.totals.usersActiveHalfyear,
      posts: truth.totals.localPosts,
    });
    expect(truth.totals.serversOk).toBeGreaterThan(100);
  });

  it('stores Mastodon activity windows in the ISO week of window start + 3 days', async () => {
    const rows = await rowsOf(`
      SELECT domain, week::VARCHAR AS week, registrations FROM weekly_activity ORDER BY domain, week`);
    const got = rows.map((r) => `${r.domain} ${r.week} ${r.registrations}`);
    const want = [...truth.servers.values()]
      .flatMap((s) => (s.activity ?? []).map((w) => `${s.domain} ${w.week} ${w.registrations.value}`))
      .sort();
    expect(got).toEqual(want);
    expect(want.length).toBeGreaterThan(50);
    // Some windows do not start on a Monday: the rule, not the raw date, decides the week.
    const offMonday = [...truth.servers.values()].flatMap((s) => s.activity ?? []).filter((w) => w.windowStart.getUTCDay() !== 1);
    expect(offMonday.length).toBeGreaterThan(0);
  });

  it('counts the junk in peer lists by reason, as the simulator planted it', () => {
    expect(summary.peerEntriesDropped).toEqual(Object.fromEntries(Object.entries(truth.drops.byReason).filter(([, n]) => n > 0)));
  });

  it('was polite: robots.txt first, one request at a time, at most 12 per server, a fedicensus User-Agent', () => {
    for (const name of sim.stats.hostNames()) {
      const host = sim.stats.host(name);
      if (host.requests.length === 0) continue;
      expect(host.maxInFlight, name).toBe(1);
      expect(host.requests.length, name).toBeLessThanOrEqual(12);
      expect(host.requests[0]!.path, name).toBe('/robots.txt');
      for (const r of host.requests) expect(r.userAgent).toMatch(/^fedicensus\/\d+\.\d+\.\d+ \(\+https:\/\/.+\)$/);
    }
    // Servers that disallow the crawler saw nothing but robots.txt.
    for (const s of truth.servers.values()) {
      if (s.status !== 'disallowed') continue;
      const paths = sim.stats.host(s.domain).requests.map((r) => r.path);
      expect(paths, s.domain).toEqual(['/robots.txt']);
    }
  });

  it('exports what it stored: `fedicensus export` writes CSV and Parquet with checksums', async () => {
    closeDb(); // export opens the census read-only in this process
    closeDb = () => undefined;
    const out = path.join(dir, 'export');
    const { main } = await import('../../scripts/cli.ts');
    const { Writable } = await import('node:stream');
    const sink = () => new Writable({ write: (_c, _e, cb) => cb() });
    const code = await main(['export', '--db', dbPath, '--out', out], { stdout: sink(), stderr: sink(), env: {}, now: () => new Date() });
    expect(code).toBe(0);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const count = async (sql: string) => Number((await connection.runAndReadAll(sql)).getRowObjects()[0]!.n);
    // Month partitions (docs/datasets.md): Parquet under snapshots/month=YYYY-MM/, gzipped CSV under csv/snapshots/.
    expect(await count(`SELECT count(*) AS n FROM read_csv('${out}/csv/snapshots/*/*.csv.gz')`)).toBe(truth.totals.serversOk);
    expect(await count(`SELECT sum(users_total) AS n FROM read_parquet('${out}/snapshots/*/*.parquet', hive_partitioning = true)`)).toBe(truth.totals.usersTotal);
    connection.closeSync();
    instance.closeSync();
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(path.join(out, 'SHA256SUMS'), 'utf8')).toMatch(/snapshots\/month=\d{4}-\d{2}\/part-[\w-]+\.parquet/);
  });
});

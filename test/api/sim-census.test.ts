// The API's numbers against the simulated fediverse's ground truth, over two crawl days a week apart, with
// the second crawl running in another process while the API answers: every request during it succeeds,
// and the new day is served within 30 seconds of the crawl's end, with no restart.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { startSimFediverse, type SimFediverse } from '../../sim/server.ts';
import { groundTruth, type GroundTruth } from '../../sim/truth.ts';
import { mondayUtc } from '../../sim/figures.ts';
import { runCrawl } from '../../crawler/run.ts';
import { publishCensus } from '../../api/publish/publish.ts';
import { startServer, type RunningServer } from '../../api/serve.ts';

const NOW1 = new Date('2026-03-04T14:00:00Z'); // Wednesdays
const NOW2 = new Date('2026-03-11T14:00:00Z');
const day = (d: Date) => d.toISOString().slice(0, 10);

let dir: string;
let dbPath: string;
let sim: SimFediverse;
let truth1: GroundTruth;
let truth2: GroundTruth;
let api: RunningServer;
let during: { ok: number; failed: string[] };
let swapSeconds: number;

const getJson = async (url: string) => {
  const res = await fetch(api.url + url);
  return { status: res.status, body: (await res.json()) as any };
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-api-sim-'));
  dbPath = path.join(dir, 'census.duckdb');
  await writeFile(path.join(dir, 'exclude.txt'), '');
  const catalogue = generateCatalogue({ seed: 21, aliveCount: 200, deadCount: 60 });
  sim = await startSimFediverse({ catalogue, now: NOW1, slowDelayMs: 50, hugeBodyBytes: 1024 * 1024 });
  truth1 = groundTruth(catalogue, { now: NOW1 });
  // Day two starts from everything day one knew, as the crawl does.
  truth2 = groundTruth(catalogue, { now: NOW2, seeds: truth1.discovered });

  await runCrawl(
    {
      db: dbPath, day: day(NOW1), seeds: catalogue.seeds, seedsFile: 'unused', excludeFile: path.join(dir, 'exclude.txt'),
      concurrency: 32, timeoutMs: 8000, connectTo: [sim.connectTo], progressIntervalMs: 60_000,
    },
    { stderr: { write: () => true }, now: () => new Date() },
  );
  await publishCensus({ dbPath, now: new Date() });
  api = await startServer({ dbPath, port: 0, handleSignals: false, logger: pino({ level: 'silent' }), pollMs: 500 });

  // Day two, crawled by the real command in another process while the API keeps answering.
  sim.setNow(NOW2);
  const child = spawn(
    process.execPath,
    ['scripts/fedicensus.mjs', 'crawl', '--db', dbPath, '--day', day(NOW2), '--seeds', catalogue.seeds.join(','),
      '--exclude-file', path.join(dir, 'exclude.txt'), '--connect-to', sim.connectTo, '--timeout-ms', '8000', '--concurrency', '32'],
    { env: process.env, stdio: 'ignore' },
  );
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  let running = true;
  void exited.then(() => (running = false));
  during = { ok: 0, failed: [] };
  const paths = ['/api/v1/summary', '/api/v1/weekly', '/api/v1/daily?metric=users_total', '/api/v1/software', '/api/v1/servers?limit=5'];
  for (let i = 0; running; i++) {
    const p = paths[i % paths.length]!;
    const res = await fetch(api.url + p).catch((err: Error) => ({ status: 0, statusText: err.message }) as Response);
    if (res.status === 200) during.ok++;
    else during.failed.push(`${p}: ${res.status}`);
    await res.arrayBuffer?.().catch(() => undefined);
    await new Promise((r) => setTimeout(r, 20));
  }
  expect(await exited).toBe(0);
  const ended = Date.now();
  for (;;) {
    const { body } = await getJson('/api/v1/summary');
    if (body.day === day(NOW2)) break;
    if (Date.now() - ended > 30_000) throw new Error('the new day was not served within 30 s of the crawl\'s end');
    await new Promise((r) => setTimeout(r, 100));
  }
  swapSeconds = (Date.now() - ended) / 1000;
}, 300_000);

afterAll(async () => {
  await api?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the API over two crawled days', () => {
  it('answered every request while the second crawl wrote, and served the new day within 30 s', () => {
    expect(during.failed).toEqual([]);
    expect(during.ok).toBeGreaterThan(10);
    expect(swapSeconds).toBeLessThan(30);
  });

  it.each([
    ['day one', () => truth1, NOW1],
    ['day two', () => truth2, NOW2],
  ] as const)('summary of %s equals the ground truth', async (_name, truth, now) => {
    const t = truth();
    // The raw sums (anomalies=include) are what the servers reported: the ground truth's totals.
    const { status, body } = await getJson(`/api/v1/summary?day=${day(now)}&anomalies=include`);
    expect(status).toBe(200);
    expect({ servers: body.servers, users_total: body.users_total, users_active_month: body.users_active_month, local_posts: body.local_posts }).toEqual({
      servers: t.totals.serversOk,
      users_total: t.totals.usersTotal,
      users_active_month: t.totals.usersActiveMonth,
      local_posts: t.totals.localPosts,
    });
    // By default the counts the summary cannot trust (WordPress and old Lemmy counting remote accounts) are left
    // out, and left_out says exactly how much: what it shows plus what it left out is what was reported.
    const shown = (await getJson(`/api/v1/summary?day=${day(now)}`)).body;
    expect(shown.left_out.users_total).toBeGreaterThan(0);
    expect(shown.users_total + shown.left_out.users_total).toBe(t.totals.usersTotal);
    expect(shown.users_active_month + shown.left_out.users_active_month).toBe(t.totals.usersActiveMonth);
    // A software none of whose servers reports users (Diaspora) has null users: not reported is not zero.
    const bySoftware = new Map<string, { servers: number; users_total: number | null }>();
    for (const s of t.servers.values()) {
      if (s.status !== 'ok') continue;
      const e = bySoftware.get(s.software!) ?? { servers: 0, users_total: null };
      e.servers++;
      if (s.usersTotal?.value != null) e.users_total = (e.users_total ?? 0) + s.usersTotal.value;
      bySoftware.set(s.software!, e);
    }
    const got = Object.fromEntries(body.software.map((s: any) => [s.name, { servers: s.servers, users_total: s.users_total }]));
    expect(got).toEqual(Object.fromEntries(bySoftware));
    expect(body.coverage).toMatchObject({
      attempted: t.servers.size,
      ok: t.totals.serversOk,
      disallowed: t.totals.byStatus.disallowed,
    });
  });

  it('weekly users_joined and servers_joined follow the written definitions', async () => {
    // users_joined: Mastodon servers with windows count their windows' registrations (the later observation
    // wins per week); every other server its growth between the two days, in the week of day two.
    const users = new Map<string, number>();
    const add = (week: string, n: number) => users.set(week, (users.get(week) ?? 0) + n);
    const windowed = new Set([...truth1.servers.values(), ...truth2.servers.values()].filter((s) => (s.activity ?? []).length > 0).map((s) => s.domain));
    for (const domain of windowed) {
      const byWeek = new Map<string, number | null>();
      for (const t of [truth1, truth2]) for (const w of t.servers.get(domain)?.activity ?? []) byWeek.set(w.week, w.registrations.value);
      for (const [week, n] of byWeek) add(week, n ?? 0);
    }
    const week2 = mondayUtc(NOW2).toISOString().slice(0, 10);
    for (const [domain, s2] of truth2.servers) {
      const s1 = truth1.servers.get(domain);
      if (windowed.has(domain) || s1?.status !== 'ok' || s2.status !== 'ok') continue;
      const [u1, u2] = [s1.usersTotal?.value, s2.usersTotal?.value];
      if (u1 == null || u2 == null) continue;
      // Anomalies are left out by default (api/metrics/anomalies.ts); erratic needs more than two days.
      const inflated = (t: typeof s1) => t.software === 'wordpress' || (t.software === 'lemmy' && /^0\.(\d+)/.test(t.version ?? '') && Number(/^0\.(\d+)/.exec(t.version!)![1]) < 18);
      const jump = u2 - u1 > 10_000 && u2 - u1 > 0.5 * u1;
      const activeAbove = s2.usersActiveMonth?.value != null && s2.usersActiveMonth.value > u2;
      if (inflated(s1) || inflated(s2) || jump || activeAbove) continue;
      add(week2, Math.max(0, u2 - u1));
    }
    // servers_joined: once, in the week of the creation time; never for a server that exposes none.
    const servers = new Map<string, number>();
    for (const domain of new Set([...truth1.servers.keys(), ...truth2.servers.keys()])) {
      const first = [[truth1, NOW1], [truth2, NOW2]].find(([t]) => (t as GroundTruth).servers.get(domain)?.status === 'ok') as [GroundTruth, Date] | undefined;
      if (!first) continue;
      const created = truth2.servers.get(domain)?.createdAt ?? first[0].servers.get(domain)?.createdAt;
      if (!created) continue;
      const week = mondayUtc(created).toISOString().slice(0, 10);
      servers.set(week, (servers.get(week) ?? 0) + 1);
    }
    const weeks = [...users.keys(), ...servers.keys()].sort();
    const { status, body } = await getJson(`/api/v1/weekly?from=${weeks[0]}&to=${day(NOW2)}`);
    expect(status).toBe(200);
    const nonZero = (key: 'users_joined' | 'servers_joined') =>
      Object.fromEntries(body.weeks.filter((w: any) => w[key] > 0).map((w: any) => [w.week, w[key]]));
    const want = (m: Map<string, number>) => Object.fromEntries([...m].filter(([, n]) => n > 0).sort());
    expect(nonZero('users_joined')).toEqual(want(users));
    expect(nonZero('servers_joined')).toEqual(want(servers));
    expect(users.size).toBeGreaterThan(3);
  });

  it('a server\'s history holds both days as crawled; an unknown name is a JSON 404', async () => {
    const domain = [...truth2.servers.values()].find((s) => s.status === 'ok' && truth1.servers.get(s.domain)?.status === 'ok' && s.usersTotal?.value != null)!.domain;
    const { status, body } = await getJson(`/api/v1/servers/${domain}`);
    expect(status).toBe(200);
    expect(body.history.map((h: any) => [h.day, h.users_total])).toEqual([
      [day(NOW1), truth1.servers.get(domain)!.usersTotal!.value],
      [day(NOW2), truth2.servers.get(domain)!.usersTotal!.value],
    ]);
    const missing = await getJson('/api/v1/servers/never-seen.example.org');
    expect(missing.status).toBe(404);
  });
});

// The figures a journalist quotes, against the simulated fediverse's ground truth (docs/methodology.md):
// two crawls a week apart of a fediverse where most non-Mastodon servers expose no creation time and one
// server claims 999,999,999 users with a handful of monthly actives. The weekly parts equal their ground
// truth, the first crawl's week shows no servers_joined spike, and the loud server moves no headline.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, prepareSnapshot, warmSnapshot } from '../../api/app.ts';
import { CensusSource } from '../../api/census-source.ts';
import { publishCensus } from '../../api/publish/publish.ts';
import { runCrawl } from '../../crawler/run.ts';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { mondayUtc } from '../../sim/figures.ts';
import { withAbsurdClaim } from '../../sim/implausible.ts';
import type { SimCatalogue } from '../../sim/model.ts';
import { startSimFediverse, type SimFediverse } from '../../sim/server.ts';
import { groundTruth, type ExpectedServer, type GroundTruth } from '../../sim/truth.ts';
import { getJson, noTimers, silent } from './harness.ts';

const NOW1 = new Date('2026-03-04T14:00:00Z'); // Wednesdays of the weeks 2026-03-02 and 2026-03-09
const NOW2 = new Date('2026-03-11T14:00:00Z');
const day = (d: Date) => d.toISOString().slice(0, 10);
const weekOf = (d: Date) => mondayUtc(d).toISOString().slice(0, 10);
const ABSURD = { usersTotal: 999_999_999, usersActiveMonth: 7 };

let dir: string;
let sim: SimFediverse;
let source: CensusSource;
let app: OpenAPIHono;
let loud: string;
/** The crawled fediverse, with the loud server. */
let truth: [GroundTruth, GroundTruth];
/** The same fediverse with the loud server reporting its own modest figures. */
let plain: [GroundTruth, GroundTruth];

const truths = (catalogue: SimCatalogue): [GroundTruth, GroundTruth] => {
  const t1 = groundTruth(catalogue, { now: NOW1 });
  return [t1, groundTruth(catalogue, { now: NOW2, seeds: t1.discovered })];
};

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-sim-figures-'));
  const dbPath = path.join(dir, 'census.duckdb');
  await writeFile(path.join(dir, 'exclude.txt'), '');
  const original = generateCatalogue({ seed: 33, aliveCount: 160, deadCount: 40 });
  plain = truths(original);
  // The loud server: a Pleroma server reached on both days whose figures come from NodeInfo, the smallest such.
  const candidates = original.hosts.filter((h) =>
    h.software === 'pleroma' && h.fault === 'none' && h.quirks.size === 0 && !original.seeds.includes(h.name) &&
    plain[0].servers.get(h.name)?.status === 'ok' && plain[1].servers.get(h.name)?.status === 'ok');
  loud = candidates.sort((a, b) => (a.base.usersTotal ?? 0) - (b.base.usersTotal ?? 0))[0]!.name;
  const catalogue = withAbsurdClaim(original, loud, ABSURD);
  truth = truths(catalogue);
  sim = await startSimFediverse({ catalogue, now: NOW1, slowDelayMs: 50, hugeBodyBytes: 1024 * 1024 });
  for (const now of [NOW1, NOW2]) {
    sim.setNow(now);
    await runCrawl(
      {
        db: dbPath, day: day(now), seeds: catalogue.seeds, seedsFile: 'unused', excludeFile: path.join(dir, 'exclude.txt'),
        concurrency: 32, timeoutMs: 8000, connectTo: [sim.connectTo], progressIntervalMs: 60_000,
      },
      { stderr: { write: () => true }, now: () => new Date() },
    );
  }
  await publishCensus({ dbPath, now: new Date() });
  source = await CensusSource.start({ publishDir: null, dbPath, logger: silent, timers: noTimers, warm: warmSnapshot, prepare: prepareSnapshot });
  app = createApp({ source, logger: silent });
}, 300_000);

afterAll(async () => {
  await source?.close();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

const add = (m: Map<string, number>, week: string, n: number) => m.set(week, (m.get(week) ?? 0) + n);
const sorted = (m: Map<string, number>) => Object.fromEntries([...m].sort());
const okIn = (t: GroundTruth, domain: string) => t.servers.get(domain)?.status === 'ok';

const lemmyMinor = (s: ExpectedServer) => Number(/^0\.(\d+)/.exec(s.version ?? '')?.[1] ?? 99);
/** known_inflation (api/metrics/anomalies.ts). */
const inflated = (s: ExpectedServer) => s.software === 'wordpress' || (s.software === 'lemmy' && lemmyMinor(s) < 18);
/** active_above_total. */
const activeAbove = (s: ExpectedServer) =>
  s.usersActiveMonth?.value != null && s.usersTotal?.value != null && s.usersActiveMonth.value > s.usersTotal.value;

/** Growth is left out for these flags by default (api/metrics/anomalies.ts); erratic needs more than two days. */
function growthFlagged(s1: ExpectedServer, s2: ExpectedServer): boolean {
  const [u1, u2] = [s1.usersTotal!.value!, s2.usersTotal!.value!];
  const jump = u2 - u1 > 10_000 && u2 - u1 > 0.5 * u1;
  return inflated(s1) || inflated(s2) || jump || activeAbove(s2);
}

/**
 * The summary's sums as docs/methodology.md defines them (left_out): over the servers reached ok, leaving out
 * the users of a server whose level is untrustworthy by its own figures (known_inflation, active_above_total).
 */
function levelTotals(t: GroundTruth) {
  let [usersTotal, usersActiveMonth, localPosts] = [0, 0, 0];
  for (const s of t.servers.values()) {
    if (s.status !== 'ok') continue;
    localPosts += s.localPosts?.value ?? 0;
    if (s.usersTotal?.value != null && (inflated(s) || activeAbove(s))) continue;
    usersTotal += s.usersTotal?.value ?? 0;
    usersActiveMonth += s.usersActiveMonth?.value ?? 0;
  }
  return { usersTotal, usersActiveMonth, localPosts };
}

/** The weekly parts as docs/methodology.md defines them, from the ground truth of the two crawl days. */
function expectedWeeks([t1, t2]: [GroundTruth, GroundTruth]) {
  const registered = new Map<string, number>();
  const covered = new Set<string>(); // domain/week
  const domains = new Set([...t1.servers.keys(), ...t2.servers.keys()]);
  for (const domain of domains) {
    const byWeek = new Map<string, number | null>();
    for (const t of [t1, t2]) for (const w of t.servers.get(domain)?.activity ?? []) byWeek.set(w.week, w.registrations.value);
    for (const [week, n] of byWeek) {
      if (n === null) continue;
      add(registered, week, n);
      covered.add(`${domain}/${week}`);
    }
  }
  const growth = new Map<string, number>();
  const week2 = weekOf(NOW2);
  for (const domain of domains) {
    const [s1, s2] = [t1.servers.get(domain), t2.servers.get(domain)];
    if (!s1 || !s2 || s1.status !== 'ok' || s2.status !== 'ok' || covered.has(`${domain}/${week2}`)) continue;
    if (s1.usersTotal?.value == null || s2.usersTotal?.value == null) continue;
    add(growth, week2, growthFlagged(s1, s2) ? 0 : Math.max(0, s2.usersTotal.value - s1.usersTotal.value));
  }
  const created = new Map<string, number>();
  const reached = new Map<string, number>();
  let everReached = 0;
  for (const domain of domains) {
    const first = okIn(t1, domain) ? NOW1 : okIn(t2, domain) ? NOW2 : null;
    if (!first) continue;
    everReached++;
    add(reached, weekOf(first), 1);
    const at = t2.servers.get(domain)?.createdAt ?? t1.servers.get(domain)?.createdAt ?? null;
    if (at) add(created, weekOf(at), 1);
  }
  return { registered, growth, created, reached, everReached };
}

const within1 = (got: number, want: number) => Math.abs(got - want) <= 0.01 * Math.abs(want);

describe('weekly parts against the ground truth', () => {
  it('servers_joined equals the servers created each week, with no spike at the first crawl', async () => {
    const want = expectedWeeks(truth);
    const from = [...want.created.keys()].sort()[0]!;
    const { body } = await getJson(app, `/api/v1/weekly?from=${from}&to=${day(NOW2)}`);
    const nonZero = (key: string) => new Map(body.weeks.filter((w: any) => w[key]).map((w: any) => [w.week, w[key]]));
    expect(sorted(nonZero('servers_joined') as Map<string, number>)).toEqual(sorted(want.created));
    expect(sorted(nonZero('servers_created') as Map<string, number>)).toEqual(sorted(want.created));
    const first = body.weeks.find((w: any) => w.week === weekOf(NOW1));
    // Most servers are first reached by the first crawl; only those created that week joined in it.
    expect(first.servers_first_reached).toBe(want.reached.get(weekOf(NOW1)));
    expect(first.servers_first_reached).toBeGreaterThan(80);
    expect(first.servers_joined).toBe(want.created.get(weekOf(NOW1)) ?? 0);
    expect(first.servers_joined).toBeLessThan(5);
    // Weeks before the first crawl were never crawled: nothing was first reached in them, and nobody can say so.
    expect(body.weeks.find((w: any) => w.week === from).servers_first_reached).toBeNull();
  });

  it('servers_first_reached sums to every server ever reached', async () => {
    const want = expectedWeeks(truth);
    const { body } = await getJson(app, '/api/v1/weekly');
    expect(body.weeks.reduce((n: number, w: any) => n + (w.servers_first_reached ?? 0), 0)).toBe(want.everReached);
    expect(sorted(new Map(body.weeks.filter((w: any) => w.servers_first_reached).map((w: any) => [w.week, w.servers_first_reached]))))
      .toEqual(sorted(want.reached));
  });

  it('users_registered and users_growth each equal their ground truth', async () => {
    const want = expectedWeeks(truth);
    const weeks = [...want.registered.keys()].sort();
    const { body } = await getJson(app, `/api/v1/weekly?from=${weeks[0]}&to=${day(NOW2)}`);
    const part = (key: string) => new Map(body.weeks.filter((w: any) => w[key] !== null).map((w: any) => [w.week, w[key]]));
    expect(sorted(part('users_registered') as Map<string, number>)).toEqual(sorted(want.registered));
    expect(sorted(part('users_growth') as Map<string, number>)).toEqual(sorted(want.growth));
    for (const w of body.weeks) expect(w.users_joined).toBe(w.users_registered === null && w.users_growth === null ? null : (w.users_registered ?? 0) + (w.users_growth ?? 0));
    expect(want.registered.size).toBeGreaterThan(10);
    expect(want.growth.get(weekOf(NOW2))).toBeGreaterThan(0);
  });
});

describe('one server claiming 999,999,999 users', () => {
  it('changes no headline figure of the summary by more than 1%, and says what it left out', async () => {
    for (const [i, now] of [NOW1, NOW2].entries()) {
      const { body } = await getJson(app, `/api/v1/summary?day=${day(now)}`);
      const t = levelTotals(plain[i]!);
      expect(body.servers).toBe(plain[i]!.totals.serversOk);
      expect(within1(body.users_total, t.usersTotal), `users_total ${body.users_total} vs ${t.usersTotal}`).toBe(true);
      expect(within1(body.users_active_month, t.usersActiveMonth)).toBe(true);
      expect(within1(body.local_posts, t.localPosts)).toBe(true);
      const claimed = truth[i]!.servers.get(loud)!;
      const byKind = Object.fromEntries(body.left_out.by_kind.map((k: any) => [k.kind, k]));
      const loudFigures = { servers: 1, users_total: claimed.usersTotal!.value, users_active_month: claimed.usersActiveMonth!.value };
      expect(byKind.outlier_total).toMatchObject(loudFigures);
      expect(byKind.active_vanishing).toMatchObject(loudFigures);
      expect(byKind.posts_per_user.servers).toBe(0);
      // Beside it, the servers whose own figures make their level untrustworthy (WordPress, Lemmy < 0.18, ...).
      const level = [...truth[i]!.servers.values()].filter((s) => s.status === 'ok' && s.usersTotal?.value != null && (inflated(s) || activeAbove(s)));
      expect(level.length).toBeGreaterThan(0);
      expect(byKind.known_inflation.servers).toBe(level.filter(inflated).length);
      expect(byKind.active_above_total.servers).toBe(level.filter(activeAbove).length);
      expect(body.left_out.servers).toBe(1 + level.length);
      expect(body.left_out.users_total).toBe(claimed.usersTotal!.value! + level.reduce((n, s) => n + s.usersTotal!.value!, 0));
      // anomalies=include keeps today's raw sums: the claim is all there.
      const raw = (await getJson(app, `/api/v1/summary?day=${day(now)}&anomalies=include`)).body;
      expect(raw.users_total).toBe(truth[i]!.totals.usersTotal);
      expect(raw.left_out.servers).toBe(0);
    }
  });

  it('changes no week of users_joined by more than 1%', async () => {
    const want = expectedWeeks(plain);
    const { body } = await getJson(app, '/api/v1/weekly');
    const joined = new Map(body.weeks.map((w: any) => [w.week, w.users_joined]));
    for (const [week, registered] of want.registered) {
      const expected = registered + (want.growth.get(week) ?? 0);
      expect(within1(joined.get(week) as number, expected), `${week}: ${joined.get(week)} vs ${expected}`).toBe(true);
    }
  });

  it('is listed by /anomalies with the figures that made it one', async () => {
    const { body } = await getJson(app, `/api/v1/anomalies?day=${day(NOW2)}`);
    const mine = body.anomalies.filter((a: any) => a.domain === loud);
    expect(mine.map((a: any) => a.kind).sort()).toEqual(['active_vanishing', 'outlier_total']);
    for (const a of mine) expect(a.detail).toContain('users_total 999999999');
    expect(body.anomalies.filter((a: any) => a.kind === 'outlier_total').map((a: any) => a.domain)).toEqual([loud]);
  });
});

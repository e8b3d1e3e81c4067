import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { Agent } from 'undici';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { startSimFediverse, type SimFediverse } from '../../sim/server.ts';
import { simAgent, simRequest } from './client.ts';
import { hostWith } from './helpers.ts';
import { API_OFFSET, DAY_MS, figuresAt } from '../../sim/figures.ts';

const catalogue = generateCatalogue({ seed: 11, aliveCount: 300, deadCount: 100 });
let sim: SimFediverse;
let agent: Agent;
const UA = 'fedicensus/0.1 (+https://fedicensus.sim-projects.org)';
const get = (host: string, path: string) => simRequest(agent, `https://${host}${path}`, { userAgent: UA });
const json = async (host: string, path: string): Promise<any> => JSON.parse((await get(host, path)).text);

beforeAll(async () => {
  sim = await startSimFediverse({ catalogue });
  agent = simAgent(sim.port);
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});

describe('startSimFediverse over real TLS', () => {
  test('serves each host its own documents, chosen by SNI and Host', async () => {
    const [a, b] = catalogue.seeds as [string, string];
    const niA = await json(a, '/nodeinfo/2.0');
    const niB = await json(b, '/nodeinfo/2.0');
    const hostA = catalogue.byName.get(a);
    if (!hostA) throw new Error('no seed');
    expect(niA.software).toEqual({ name: 'mastodon', version: hostA.version });
    expect(niA.usage.users.total).toBe(figuresAt(hostA, catalogue.start).usersTotal);
    expect(niB.usage.users.total).toBe(figuresAt(catalogue.byName.get(b) as never, catalogue.start).usersTotal);
    const wk = await json(a, '/.well-known/nodeinfo');
    expect(wk.links[0].href).toBe(`https://${a}/nodeinfo/2.0`);
    const v2 = await json(a, '/api/v2/instance');
    expect(v2.usage.users.active_month).toBe((figuresAt(hostA, catalogue.start).usersActiveMonth ?? 0) + API_OFFSET.usersActiveMonth);
    expect(v2.contact.account.created_at).toBe(hostA.createdAt.toISOString());
  });

  test('refuses the TLS handshake of dead and unknown hosts', async () => {
    const dead = catalogue.hosts.find((h) => h.fault === 'dead');
    if (!dead) throw new Error('no dead host');
    const timedBefore = sim.stats.refusedTiming;
    await expect(get(dead.name, '/robots.txt')).rejects.toThrow();
    await expect(get('nobody.sim-social.net', '/robots.txt')).rejects.toThrow();
    expect(sim.stats.host(dead.name).refusedHandshakes).toBeGreaterThan(0);
    expect(sim.stats.host(dead.name).requests).toHaveLength(0);
    // Each refusal is also timed (for benchmarks); the server may log it just after the client gives up.
    await vi.waitFor(() => expect(sim.stats.refusedTiming.count).toBeGreaterThanOrEqual(timedBefore.count + 2));
    expect(sim.stats.refusedTiming.totalMs).toBeGreaterThan(timedBefore.totalMs);
  });

  test('answers 421 when Host does not match SNI', async () => {
    const [a, b] = catalogue.seeds as [string, string];
    const { request } = await import('undici');
    const res = await request(`https://${a}/nodeinfo/2.0`, { dispatcher: agent, headers: { host: b } });
    expect(res.statusCode).toBe(421);
    await res.body.dump();
  });

  test('records path, method, user agent and peak concurrency per host', async () => {
    const h = hostWith(catalogue, { software: 'lemmy' });
    await get(h.name, '/robots.txt');
    await get(h.name, '/api/v3/site');
    const stats = sim.stats.host(h.name);
    expect(stats.requests.map((r) => [r.method, r.path, r.userAgent])).toEqual([
      ['GET', '/robots.txt', UA],
      ['GET', '/api/v3/site', UA],
    ]);
    expect(stats.maxInFlight).toBe(1);
  });

  test('counts requests in flight at once (a hanging host keeps them open)', async () => {
    const h = hostWith(catalogue, { fault: 'hang' });
    const aborts = [new AbortController(), new AbortController(), new AbortController()];
    const { request } = await import('undici');
    const pending = aborts.map((a) =>
      request(`https://${h.name}/robots.txt`, { dispatcher: agent, signal: a.signal }).catch((e: Error) => e),
    );
    while (sim.stats.host(h.name).requests.length < 3) await new Promise((r) => setImmediate(r));
    expect(sim.stats.host(h.name).maxInFlight).toBe(3);
    for (const a of aborts) a.abort();
    for (const p of pending) expect(await p).toBeInstanceOf(Error);
  });

  test('setNow grows counts, moves activity and brings new servers online', async () => {
    const seed = catalogue.seeds[0] as string;
    const fresh = catalogue.hosts.find((h) => h.createdAt > catalogue.start && h.fault === 'none');
    if (!fresh) throw new Error('no new host');
    const before = (await json(seed, '/nodeinfo/2.0')).usage.users.total as number;
    const weekBefore = (await json(seed, '/api/v1/instance/activity'))[0].week as string;
    await expect(get(fresh.name, '/robots.txt')).rejects.toThrow();
    sim.setNow(new Date(catalogue.start.getTime() + 14 * DAY_MS));
    try {
      const after = (await json(seed, '/nodeinfo/2.0')).usage.users.total as number;
      expect(after).toBeGreaterThan(before);
      expect(Number((await json(seed, '/api/v1/instance/activity'))[0].week)).toBe(Number(weekBefore) + 14 * 86_400);
      expect((await get(fresh.name, '/.well-known/nodeinfo')).status).toBe(200);
      const peers = (await json(seed, '/api/v1/instance/peers')) as unknown[];
      expect(peers).toContain(fresh.name);
    } finally {
      sim.setNow(catalogue.start);
    }
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { request, type Agent } from 'undici';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { startSimFediverse, type SimFediverse } from '../../sim/server.ts';
import { simAgent, simRequest } from './client.ts';
import { hostWith } from './helpers.ts';
import { chosenLink } from '../../sim/nodeinfo-docs.ts';
import { mondayUtc, peersAt } from '../../sim/figures.ts';

const catalogue = generateCatalogue({ seed: 11, aliveCount: 300, deadCount: 100 });
let sim: SimFediverse;
let agent: Agent;
const get = (host: string, path: string) => simRequest(agent, `https://${host}${path}`);
const post = (host: string, path: string, body: unknown) => simRequest(agent, `https://${host}${path}`, { method: 'POST', json: body });
const json = async (host: string, path: string): Promise<any> => JSON.parse((await get(host, path)).text);

beforeAll(async () => {
  sim = await startSimFediverse({ catalogue, slowDelayMs: 20 });
  agent = simAgent(sim.port);
});
afterAll(async () => {
  await agent.close();
  await sim.close();
});

describe('failure behaviours', () => {
  test('robots.txt: 5xx, disallow for *, for the fedicensus token, GoToSocial defaults', async () => {
    expect((await get(hostWith(catalogue, { fault: 'robots_5xx' }).name, '/robots.txt')).status).toBe(500);
    expect((await get(hostWith(catalogue, { fault: 'robots_disallow_all' }).name, '/robots.txt')).text).toMatch(/User-agent: \*\nDisallow: \/\n/);
    expect((await get(hostWith(catalogue, { fault: 'robots_disallow_token' }).name, '/robots.txt')).text).toMatch(/User-agent: FediCensus\nDisallow: \/\n/);
    const gts = await get(hostWith(catalogue, { fault: 'gotosocial_default_robots' }).name, '/robots.txt');
    expect(gts.text).toContain('Disallow: /.well-known/nodeinfo');
    expect(gts.text).toContain('Crawl-delay: 500');
  });

  test('well-known: 404, 410 everywhere, 503, redirect loop, redirect to another host, foreign href', async () => {
    expect((await get(hostWith(catalogue, { fault: 'no_nodeinfo' }).name, '/.well-known/nodeinfo')).status).toBe(404);
    const gone = hostWith(catalogue, { fault: 'gone' }).name;
    expect([(await get(gone, '/robots.txt')).status, (await get(gone, '/.well-known/nodeinfo')).status]).toEqual([410, 410]);
    expect((await get(hostWith(catalogue, { fault: 'nodeinfo_5xx' }).name, '/.well-known/nodeinfo')).status).toBe(503);
    const loop = hostWith(catalogue, { fault: 'redirect_loop' }).name;
    const first = await get(loop, '/.well-known/nodeinfo');
    expect(first.status).toBe(302);
    expect((await get(loop, first.headers.location as string)).headers.location).toBe('/.well-known/nodeinfo');
    const away = hostWith(catalogue, { fault: 'redirect_other_host' });
    expect((await get(away.name, '/.well-known/nodeinfo')).headers.location).toBe(`https://${away.foreignHost}/.well-known/nodeinfo`);
    const foreign = hostWith(catalogue, { fault: 'nodeinfo_foreign_host' });
    expect((await json(foreign.name, '/.well-known/nodeinfo')).links.at(-1).href).toMatch(new RegExp(`^https://${foreign.foreignHost}/`));
  });

  test('bad documents: parking page, malformed JSON, no software.name, a 50 MB body', async () => {
    const parked = hostWith(catalogue, { fault: 'parking_page' }).name;
    const page = await get(parked, '/.well-known/nodeinfo');
    expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html; charset=utf-8']);
    const broken = hostWith(catalogue, { fault: 'malformed_json' });
    const text = (await get(broken.name, chosenLink(broken).path)).text;
    expect(() => JSON.parse(text)).toThrow();
    const nameless = hostWith(catalogue, { fault: 'no_software_name' });
    expect((await json(nameless.name, chosenLink(nameless).path)).software.name).toBeUndefined();
    const huge = hostWith(catalogue, { fault: 'huge_nodeinfo' });
    const res = await request(`https://${huge.name}${chosenLink(huge).path}`, { dispatcher: agent });
    expect(Number(res.headers['content-length'])).toBe(50 * 1024 * 1024);
    res.body.destroy();
  });
});

describe('quirks a correct crawl takes in its stride', () => {
  test('NodeInfo on ni.<host>, http href, links object, "0" key, same-host redirect', async () => {
    const sub = hostWith(catalogue, { quirk: 'nodeinfo_subdomain' });
    const href = (await json(sub.name, '/.well-known/nodeinfo')).links.at(-1).href as string;
    expect(href).toBe(`https://ni.${sub.name}${chosenLink(sub).path}`);
    expect((await get(`ni.${sub.name}`, chosenLink(sub).path)).status).toBe(200);
    expect((await get(`ni.${sub.name}`, '/robots.txt')).status).toBe(404);
    await expect(get(`ni.${catalogue.seeds[0]}`, '/robots.txt')).rejects.toThrow();
    const http = hostWith(catalogue, { quirk: 'http_href' });
    expect((await json(http.name, '/.well-known/nodeinfo')).links.at(-1).href).toMatch(/^http:\/\//);
    expect(Array.isArray((await json(hostWith(catalogue, { quirk: 'links_object' }).name, '/.well-known/nodeinfo')).links)).toBe(false);
    const zero = hostWith(catalogue, { quirk: 'links_zero_key' });
    const zk = await json(zero.name, '/.well-known/nodeinfo');
    expect(zk.links.rel).toMatch(/1\.0$/);
    expect((await json(zero.name, new URL(zk.links.href).pathname)).usage).toEqual((await json(zero.name, chosenLink(zero).path)).usage);
    const moved = hostWith(catalogue, { quirk: 'same_host_redirect' });
    expect((await get(moved.name, chosenLink(moved).path)).headers.location).toBe(`/moved${chosenLink(moved).path}`);
    expect((await get(moved.name, `/moved${chosenLink(moved).path}`)).status).toBe(200);
  });

  test('429 with Retry-After: 1 on the first try only', async () => {
    const h = hostWith(catalogue, { quirk: 'rate_limited', software: 'mastodon' });
    const first = await get(h.name, '/api/v2/instance');
    expect([first.status, first.headers['retry-after']]).toEqual([429, '1']);
    expect((await get(h.name, '/api/v2/instance')).status).not.toBe(429);
  });

  test('odd NodeInfo values: strings, "Mastodon", implausible raw values, sparse usage', async () => {
    const strings = hostWith(catalogue, { quirk: 'numbers_as_strings' });
    expect(typeof (await json(strings.name, chosenLink(strings).path)).usage.users.total).toBe('string');
    const caps = hostWith(catalogue, { quirk: 'capitalised_name' });
    expect((await json(caps.name, '/nodeinfo/2.0')).software.name).toBe('Mastodon');
    const bad = hostWith(catalogue, { quirk: 'implausible' });
    const usage = (await json(bad.name, chosenLink(bad).path)).usage;
    const key = { usersTotal: 'total', usersActiveMonth: 'activeMonth', usersActiveHalfyear: 'activeHalfyear', localPosts: '' }[bad.implausible?.field ?? 'localPosts'];
    expect(key ? usage.users[key] : usage.localPosts).toEqual(bad.implausible?.raw);
    const sparse = hostWith(catalogue, { quirk: 'sparse_nodeinfo' });
    const doc = await json(sparse.name, chosenLink(sparse).path);
    expect([doc.usage.users.total, doc.openRegistrations]).toEqual([undefined, undefined]);
  });

  test('software APIs: Misskey POST paging, Lemmy, PeerTube, legacy Mastodon, peers refused', async () => {
    const many = hostWith(catalogue, { quirk: 'many_peers' });
    expect((await post(many.name, '/api/federation/instances', { limit: 101, offset: 0 })).status).toBe(400);
    const page1 = JSON.parse((await post(many.name, '/api/federation/instances', { limit: 100, offset: 0 })).text);
    const page2 = JSON.parse((await post(many.name, '/api/federation/instances', { limit: 100, offset: 100 })).text);
    expect(page1).toHaveLength(100);
    expect(page1.length + page2.length).toBe(peersAt(catalogue, many, catalogue.start).length);
    expect(Object.keys(JSON.parse((await post(many.name, '/api/stats', {})).text))).toContain('originalUsersCount');
    const lemmy = hostWith(catalogue, { software: 'lemmy' });
    expect((await json(lemmy.name, '/api/v3/federated_instances')).federated_instances.linked.length).toBe(peersAt(catalogue, lemmy, catalogue.start).length);
    expect((await json(lemmy.name, '/api/v3/site')).site_view.site.published).toBe(lemmy.createdAt.toISOString());
    expect(Object.keys(await json(hostWith(catalogue, { software: 'peertube' }).name, '/api/v1/server/stats'))).toContain('totalLocalVideos');
    const legacy = hostWith(catalogue, { quirk: 'legacy_v1_instance' });
    expect((await get(legacy.name, '/api/v2/instance')).status).toBe(404);
    expect((await json(legacy.name, '/api/v1/instance')).stats.user_count).toBeGreaterThan(0);
    expect((await get(hostWith(catalogue, { quirk: 'peers_disabled', software: 'gotosocial' }).name, '/api/v1/instance/peers')).status).toBe(401);
    expect((await get(hostWith(catalogue, { quirk: 'peers_disabled', software: 'mastodon' }).name, '/api/v1/instance/peers')).status).toBe(404);
  });

  test('activity: 12 string windows, Monday-aligned or (Mastodon 4) now minus whole weeks', async () => {
    const aligned = await json(catalogue.seeds[0] as string, '/api/v1/instance/activity');
    const unaligned = await json(hostWith(catalogue, { quirk: 'activity_unaligned' }).name, '/api/v1/instance/activity');
    expect(aligned).toHaveLength(12);
    expect(Object.values(aligned[0]).every((v) => typeof v === 'string')).toBe(true);
    const isMonday = (w: { week: string }): boolean => {
      const d = new Date(Number(w.week) * 1000);
      return mondayUtc(d).getTime() === d.getTime();
    };
    expect(aligned.every(isMonday)).toBe(true);
    // The catalogue starts on a Monday at midnight: move "now" off it to see unaligned windows.
    sim.setNow(new Date(catalogue.start.getTime() + 2.5 * 86_400_000));
    try {
      const moved = await json(hostWith(catalogue, { quirk: 'activity_unaligned' }).name, '/api/v1/instance/activity');
      expect(moved.some(isMonday)).toBe(false);
    } finally {
      sim.setNow(catalogue.start);
    }
    expect(unaligned).toHaveLength(12);
  });

  test('slow hosts still answer', async () => {
    expect((await get(hostWith(catalogue, { quirk: 'slow' }).name, '/.well-known/nodeinfo')).status).toBe(200);
  });
});

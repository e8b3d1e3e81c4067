import { redirectIsPermanent } from '../../sim/router.ts';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { EXPECTED_STATUSES, groundTruth, STATUS_OF_FAULT, expectedFlags } from '../../sim/truth.ts';
import { API_OFFSET, DAY_MS } from '../../sim/figures.ts';
import { catalogueOf, makeHost } from './helpers.ts';
import { plainEntry, junkEntry } from '../../sim/peers.ts';
import { createPrng } from '../../sim/prng.ts';

const catalogue = generateCatalogue({ seed: 3, aliveCount: 400, deadCount: 150 });
const truth = groundTruth(catalogue);

describe('groundTruth totals', () => {
  test('totals are the sums of the per-domain values; statuses add up to the discovered set', () => {
    const servers = [...truth.servers.values()];
    const sum = (f: (s: (typeof servers)[number]) => number | null | undefined): number => servers.reduce((n, s) => n + (f(s) ?? 0), 0);
    expect(truth.totals.usersTotal).toBe(sum((s) => s.usersTotal?.value));
    expect(truth.totals.usersActiveMonth).toBe(sum((s) => s.usersActiveMonth?.value));
    expect(truth.totals.localPosts).toBe(sum((s) => s.localPosts?.value));
    expect(truth.totals.serversOk).toBe(servers.filter((s) => s.status === 'ok').length);
    expect(Object.values(truth.totals.byStatus).reduce((a, b) => a + b, 0)).toBe(truth.discovered.length);
    expect(truth.totals.usersTotal).toBeGreaterThan(0);
  });

  test('the discovered set is the seeds plus names listed by contributing servers', () => {
    const listed = new Set(servers().flatMap((s) => s.peers.flatMap((e) => (e.canonical ? [e.canonical] : []))));
    for (const d of truth.discovered) expect(catalogue.seeds.includes(d) || listed.has(d)).toBe(true);
    for (const name of listed) expect(truth.servers.has(name)).toBe(true);
    expect(truth.discovered.length).toBeGreaterThan(catalogue.hosts.length * 0.8);
  });

  test('each discovered host has the status its fault dictates', () => {
    for (const s of servers()) {
      const host = catalogue.byName.get(s.domain);
      const permanent = host?.fault === 'redirect_other_host' && redirectIsPermanent(host);
      expect([s.domain, s.status]).toEqual([s.domain, permanent ? 'moved' : STATUS_OF_FAULT[host?.fault ?? 'dead']]);
    }
    for (const status of EXPECTED_STATUSES) {
      expect(truth.totals.byStatus[status]).toBeGreaterThan(0);
    }
  });

  test('drops count every junk entry read, by reason', () => {
    const junk = servers().flatMap((s) => s.peers.filter((e) => e.canonical === null));
    expect(truth.drops.total).toBe(junk.length);
    expect(Object.values(truth.drops.byReason).reduce((a, b) => a + b, 0)).toBe(junk.length);
  });

  test('activity windows are filed under Mondays', () => {
    const weeks = servers().flatMap((s) => s.activity ?? []).map((w) => w.week);
    expect(weeks.length).toBeGreaterThan(0);
    for (const w of weeks) expect(new Date(`${w}T00:00:00Z`).getUTCDay()).toBe(1);
  });

  test('a week later: counts grow and servers created since are discovered', () => {
    const later = groundTruth(catalogue, { now: new Date(catalogue.start.getTime() + 14 * DAY_MS) });
    expect(later.totals.usersTotal).toBeGreaterThan(truth.totals.usersTotal);
    expect(later.totals.serversOk).toBeGreaterThan(truth.totals.serversOk);
    expect(later.date).toBe('2026-03-16');
  });
});

describe('groundTruth per server', () => {
  const prng = createPrng(1);
  const mk = makeHost;
  const hosts = [
    mk('seed.sim-social.net', {
      peers: ['sparse.sim-social.net', 'legacy.sim-social.net', 'odd.sim-social.net', 'nolist.sim-social.net', 'miss.sim-social.net', 'lem.sim-links.org'].map(plainEntry).concat([junkEntry(prng, 'x.sim-social.net', 'port')]),
    }),
    mk('sparse.sim-social.net', { quirks: new Set(['sparse_nodeinfo']) }),
    mk('legacy.sim-social.net', { quirks: new Set(['sparse_nodeinfo', 'legacy_v1_instance']), version: '3.5.3' }),
    mk('odd.sim-social.net', { quirks: new Set(['implausible']), implausible: { field: 'usersTotal', raw: -5, flag: 'negative' } }),
    mk('nolist.sim-social.net', { quirks: new Set(['robots_disallow_api']), peers: [plainEntry('hidden.sim-social.net')] }),
    mk('miss.sim-social.net', { software: 'misskey', quirks: new Set(['sparse_nodeinfo']), base: { usersTotal: 50, usersActiveMonth: null, usersActiveHalfyear: null, localPosts: 70 } }),
    mk('lem.sim-links.org', { software: 'lemmy', quirks: new Set(['sparse_nodeinfo']) }),
    mk('hidden.sim-social.net'),
  ];
  const t = groundTruth(catalogueOf(hosts, ['seed.sim-social.net']));
  const at = (d: string) => t.servers.get(d);

  test('NodeInfo first; the software API fills only what NodeInfo did not send', () => {
    expect(at('seed.sim-social.net')?.usersTotal).toEqual({ value: 100 });
    expect(at('seed.sim-social.net')?.usersActiveMonth).toEqual({ value: 20 });
    // Mastodon 4 with sparse NodeInfo: v2 has active_month only, v1 is not asked.
    expect(at('sparse.sim-social.net')?.usersTotal).toEqual({ value: null });
    expect(at('sparse.sim-social.net')?.usersActiveMonth).toEqual({ value: 20 + API_OFFSET.usersActiveMonth });
    expect(at('sparse.sim-social.net')?.openRegistrations).toBe(true);
    // Mastodon 3 (v2 404): v1 stats supply the totals.
    expect(at('legacy.sim-social.net')?.usersTotal).toEqual({ value: 100 + API_OFFSET.usersTotal });
    expect(at('legacy.sim-social.net')?.localPosts).toEqual({ value: 5000 + API_OFFSET.localPosts });
    expect(at('miss.sim-social.net')?.usersTotal).toEqual({ value: 50 + API_OFFSET.usersTotal });
    expect(at('miss.sim-social.net')?.usersActiveMonth).toEqual({ value: null });
    expect(at('lem.sim-links.org')?.usersActiveMonth).toEqual({ value: 20 + API_OFFSET.usersActiveMonth });
  });

  test('an implausible NodeInfo count is NULL with a flag, not replaced by the API', () => {
    expect(at('odd.sim-social.net')?.usersTotal).toEqual({ value: null, flag: 'negative' });
    expect(expectedFlags(at('odd.sim-social.net') as never)).toBe('users_total:negative');
  });

  test('robots.txt disallowing /api/: no extras, no peers, so its peers stay undiscovered', () => {
    const s = at('nolist.sim-social.net');
    expect([s?.status, s?.activity, s?.createdAt, s?.peers]).toEqual(['ok', undefined, null, []]);
    expect(t.servers.has('hidden.sim-social.net')).toBe(false);
    expect(t.drops.byReason.port).toBe(1);
    expect(t.totals.serversOk).toBe(7);
  });
});

test('the ground truth does not import crawler code', () => {
  const dir = path.dirname(new URL(import.meta.url).pathname);
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
    expect([file, readFileSync(path.join(dir, file), 'utf8').match(/from '[./]*\/crawler\//)]).toEqual([file, null]);
  }
});

function servers() {
  return [...truth.servers.values()];
}

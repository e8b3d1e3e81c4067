// sim/created-at.ts decides which simulated hosts expose a creation time; the documents (sim/account-docs.ts,
// sim/software-api.ts) must say exactly that, and the ground truth must follow it.
import { describe, expect, it } from 'vitest';
import { exposedCreatedAt, exposedCreation, servesContactAccount } from '../../sim/created-at.ts';
import { route, type SimReply } from '../../sim/router.ts';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { expectServer } from '../../sim/truth-server.ts';
import { ALL_SOFTWARE, type SimHost, type SimSoftware } from '../../sim/model.ts';
import { catalogueOf, makeHost } from './helpers.ts';

const CREATED = new Date('2023-04-05T06:07:08.009Z');
const NOW = new Date('2026-03-04T12:00:00Z');

function ask(host: SimHost, method: string, path: string, body?: unknown): SimReply & { kind: 'json' } {
  const reply = route({ catalogue: catalogueOf([host], [host.name]), now: NOW, firstTry: () => false }, { host: host.name, method, path, body });
  if (reply.kind !== 'json') throw new Error(`${path}: not JSON`);
  return reply;
}

const host = (software: SimSoftware, name = `${software}.sim-social.net`, overrides: Partial<SimHost> = {}) =>
  makeHost(name, { software, createdAt: CREATED, ...overrides });

describe('exposedCreation', () => {
  it('names the time and the field for each software that exposes one, and null for the others', () => {
    const got = Object.fromEntries(ALL_SOFTWARE.map((s) => {
      // For software whose contact account is optional, a name whose hash sets it.
      const named = [0, 1, 2, 3, 4, 5].map((i) => host(s, `${s}-${i}.sim-social.net`)).find((h) => exposedCreation(h, NOW)) ?? host(s);
      const e = exposedCreation(named, NOW);
      return [s, e ? `${e.source} ${e.at.toISOString()}` : null];
    }));
    expect(got).toEqual({
      mastodon: 'mastodon_contact_account 2023-04-05T00:00:00.000Z', // REST::AccountSerializer: midnight
      pleroma: 'mastodon_contact_account 2023-04-05T06:07:08.009Z',
      akkoma: null,
      gotosocial: 'mastodon_contact_account 2023-04-05T06:07:08.009Z',
      misskey: 'misskey_first_local_user 2023-04-05T06:07:08.009Z',
      sharkey: 'misskey_first_local_user 2023-04-05T06:07:08.009Z',
      lemmy: 'lemmy_site_published 2023-04-05T06:07:08.009Z',
      peertube: 'peertube_root_account 2023-04-05T06:07:08.009Z',
      friendica: 'mastodon_contact_account 2023-04-05T06:07:08.009Z',
      snac: 'mastodon_contact_account 2023-04-05T06:07:08.009Z',
      wordpress: null,
      pixelfed: 'mastodon_contact_account 2023-04-05T06:07:08.009Z',
      diaspora: null,
    });
  });

  it('exposedCreatedAt is its time alone (the weekly figures\' servers_created reads it)', () => {
    expect(exposedCreatedAt(host('peertube'), NOW)).toEqual(CREATED);
    expect(exposedCreatedAt(host('akkoma'), NOW)).toBeNull();
  });

  it('is null before the host exists, on a failing host, and where robots.txt forbids /api/', () => {
    expect(exposedCreation(host('lemmy'), new Date('2023-04-05T06:00:00Z'))).toBeNull();
    expect(exposedCreation(host('lemmy', undefined, { fault: 'nodeinfo_5xx' }), NOW)).toBeNull();
    expect(exposedCreation(host('lemmy', undefined, { quirks: new Set(['robots_disallow_api']) }), NOW)).toBeNull();
  });

  it('sets optional contact accounts on a fair share of a catalogue\'s Pleroma, GoToSocial and snac hosts', () => {
    const catalogue = generateCatalogue({ seed: 3, aliveCount: 1000, deadCount: 0 });
    for (const software of ['pleroma', 'gotosocial', 'snac'] as const) {
      const hosts = catalogue.hosts.filter((h) => h.software === software);
      const set = hosts.filter(servesContactAccount).length;
      expect(set, software).toBeGreaterThan(hosts.length * 0.2);
      expect(set, software).toBeLessThan(hosts.length * 0.8);
    }
  });

  it('is what the ground truth expects a crawl to store, source included', () => {
    for (const software of ALL_SOFTWARE) {
      const h = host(software);
      const want = exposedCreation(h, NOW);
      const got = expectServer(catalogueOf([h], [h.name]), h.name, NOW);
      expect([got.createdAt ?? null, got.createdAtSource ?? null], software).toEqual([want?.at ?? null, want?.source ?? null]);
    }
  });
});

describe('the documents that carry a creation time', () => {
  it('Mastodon-API software: contact_account.created_at where set, null (Pleroma) or left out (snac, GoToSocial, Akkoma)', () => {
    const withContact = [0, 1, 2, 3, 4, 5].map((i) => host('pleroma', `pleroma-${i}.sim-social.net`));
    const set = withContact.find(servesContactAccount)!;
    const unset = withContact.find((h) => !servesContactAccount(h))!;
    expect((ask(set, 'GET', '/api/v1/instance').body as any).contact_account.created_at).toBe(CREATED.toISOString());
    expect((ask(set, 'GET', '/api/v1/instance').body as any).version).toMatch(/^2\.7\.2 \(compatible; Pleroma /);
    expect((ask(unset, 'GET', '/api/v1/instance').body as any).contact_account).toBeNull();
    const snac = [0, 1, 2, 3, 4, 5].map((i) => host('snac', `snac-${i}.sim-social.net`)).find((h) => !servesContactAccount(h))!;
    expect('contact_account' in (ask(snac, 'GET', '/api/v1/instance').body as object)).toBe(false);
    expect('contact_account' in (ask(host('akkoma'), 'GET', '/api/v1/instance').body as object)).toBe(false);
    const gts = [0, 1, 2, 3, 4, 5].map((i) => host('gotosocial', `gotosocial-${i}.sim-social.net`)).find((h) => !servesContactAccount(h))!;
    expect('contact_account' in (ask(gts, 'GET', '/api/v1/instance').body as object)).toBe(false);
    expect((ask(host('mastodon'), 'GET', '/api/v2/instance').body as any).contact.account.created_at).toBe('2023-04-05T00:00:00.000Z');
  });

  it('Misskey POST /api/users: "-createdAt" (and no sort) is oldest first, "+createdAt" newest first; bad params 400', () => {
    const misskey = host('misskey');
    const times = (body: unknown) => (ask(misskey, 'POST', '/api/users', body).body as { createdAt: string }[]).map((u) => u.createdAt.slice(0, 10));
    expect(times({ limit: 1, origin: 'local', sort: '-createdAt' })).toEqual(['2023-04-05']);
    expect(times({ origin: 'local' })).toEqual(['2023-04-05', '2023-04-14', '2023-05-15']);
    expect(times({ limit: 1, origin: 'local', sort: '+createdAt' })).toEqual(['2023-05-15']);
    expect(times({ limit: 5, origin: 'remote' })).toEqual([]);
    expect(ask(misskey, 'POST', '/api/users', { limit: 0 }).status).toBe(400);
    expect(ask(misskey, 'POST', '/api/users', { sort: 'createdAt' }).status).toBe(400);
    expect(ask(misskey, 'GET', '/api/users').status).toBe(405);
  });

  it('PeerTube GET /api/v1/accounts/root: the installer\'s account; another name is 404', () => {
    const peertube = host('peertube');
    expect(ask(peertube, 'GET', '/api/v1/accounts/root').body).toMatchObject({ name: 'root', createdAt: CREATED.toISOString() });
    expect(ask(peertube, 'GET', '/api/v1/accounts/alice').status).toBe(404);
  });
});

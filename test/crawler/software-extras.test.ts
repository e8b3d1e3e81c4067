// What each software's own API adds, and what it costs in requests, read through a session that answers from
// the simulated fediverse's decision table (no network): the creation time each software exposes, and only the
// requests that can carry one.
import { describe, expect, it } from 'vitest';
import { softwareExtras } from '../../crawler/software-extras.ts';
import { crawlServer } from '../../crawler/crawl-server.ts';
import type { FetchResult, HostSession, RequestOptions } from '../../crawler/net/types.ts';
import { route } from '../../sim/router.ts';
import { exposedCreation } from '../../sim/created-at.ts';
import type { SimHost, SimSoftware } from '../../sim/model.ts';
import { catalogueOf, makeHost } from '../sim/helpers.ts';

const NOW = new Date('2026-03-04T15:00:00Z');

/** A session over sim/router.ts: records each path asked for. */
function simSession(host: SimHost): HostSession & { readonly paths: string[] } {
  const catalogue = catalogueOf([host], [host.name]);
  const paths: string[] = [];
  const getJson = async (pathOrUrl: string, options?: RequestOptions): Promise<FetchResult<unknown>> => {
    // The session takes a path or an absolute URL (a NodeInfo href); this one serves its own host only.
    const path = pathOrUrl.startsWith('https://') ? new URL(pathOrUrl).pathname : pathOrUrl;
    paths.push(path);
    const reply = route({ catalogue, now: NOW, firstTry: () => false }, { host: host.name, method: options?.method ?? 'GET', path, body: options?.json });
    if (reply.kind !== 'json') return { ok: false, kind: 'invalid', message: `not JSON on ${path}` };
    if (reply.status >= 300) return { ok: false, kind: 'http', status: reply.status, message: `HTTP ${reply.status} on ${path}` };
    return { ok: true, status: reply.status, url: `https://${host.name}${path}`, body: reply.body };
  };
  return {
    domain: host.name,
    paths,
    getJson,
    getText: async () => ({ ok: false, kind: 'invalid', message: 'unused' }),
    get requestCount() {
      return paths.length;
    },
  };
}

// The first name for which the sim's per-name choice sets an optional contact account (sim/created-at.ts).
const hostOf = (software: SimSoftware, overrides: Partial<SimHost> = {}): SimHost => {
  const make = (i: number) => makeHost(`${software}-${i}.sim-social.net`, { software, createdAt: new Date('2022-11-07T13:45:12.345Z'), ...overrides });
  for (let i = 0; i < 64; i++) if (exposedCreation(make(i), NOW) !== null) return make(i);
  return make(0);
};

describe('softwareExtras: creation times', () => {
  it.each([
    ['mastodon', ['/api/v2/instance', '/api/v1/instance/activity'], '2022-11-07T00:00:00.000Z', 'mastodon_contact_account'],
    ['lemmy', ['/api/v3/site'], '2022-11-07T13:45:12.345Z', 'lemmy_site_published'],
    ['misskey', ['/api/meta', '/api/stats', '/api/users'], '2022-11-07T13:45:12.345Z', 'misskey_first_local_user'],
    ['sharkey', ['/api/meta', '/api/stats', '/api/users'], '2022-11-07T13:45:12.345Z', 'misskey_first_local_user'],
    ['peertube', ['/api/v1/server/stats', '/api/v1/accounts/root'], '2022-11-07T13:45:12.345Z', 'peertube_root_account'],
    ['pleroma', ['/api/v1/instance'], '2022-11-07T13:45:12.345Z', 'mastodon_contact_account'],
    ['gotosocial', ['/api/v1/instance'], '2022-11-07T13:45:12.345Z', 'mastodon_contact_account'],
    ['friendica', ['/api/v1/instance'], '2022-11-07T13:45:12.345Z', 'mastodon_contact_account'],
    ['pixelfed', ['/api/v1/instance'], '2022-11-07T13:45:12.345Z', 'mastodon_contact_account'],
    ['snac', ['/api/v1/instance'], '2022-11-07T13:45:12.345Z', 'mastodon_contact_account'],
  ] as const)('%s: asks %j and reads %s from %s', async (software, paths, at, source) => {
    const host = hostOf(software);
    const session = simSession(host);
    const extras = await softwareExtras(session, software, { askCreatedAt: true });
    expect(session.paths).toEqual(paths);
    expect([extras.createdAt?.toISOString(), extras.createdAtSource]).toEqual([at, source]);
    expect(exposedCreation(host, NOW)).toEqual({ at: new Date(at), source });
  });

  it('spends no request where the software exposes no creation time (Akkoma, WordPress, diaspora)', async () => {
    for (const software of ['akkoma', 'wordpress', 'diaspora'] as const) {
      const session = simSession(hostOf(software));
      const extras = await softwareExtras(session, software, { askCreatedAt: true });
      expect([session.paths, extras.createdAt ?? null], software).toEqual([[], null]);
    }
  });

  it('asks the creation-only documents on the weekly schedule only; Mastodon and Lemmy carry theirs anyway', async () => {
    const asked = async (software: SimSoftware) => {
      const session = simSession(hostOf(software));
      const extras = await softwareExtras(session, software, { askCreatedAt: false });
      return { paths: session.paths, source: extras.createdAtSource ?? null };
    };
    expect(await asked('misskey')).toEqual({ paths: ['/api/meta', '/api/stats'], source: null });
    expect(await asked('peertube')).toEqual({ paths: ['/api/v1/server/stats'], source: null });
    expect(await asked('pleroma')).toEqual({ paths: [], source: null });
    expect(await asked('mastodon')).toEqual({ paths: ['/api/v2/instance', '/api/v1/instance/activity'], source: 'mastodon_contact_account' });
    expect(await asked('lemmy')).toEqual({ paths: ['/api/v3/site'], source: 'lemmy_site_published' });
  });

  it('gives no creation time, and no source, where the contact account is unset', async () => {
    const host = hostOf('mastodon', { quirks: new Set(['no_contact']) });
    const extras = await softwareExtras(simSession(host), 'mastodon', { askCreatedAt: true });
    expect([extras.createdAt ?? null, extras.createdAtSource ?? null]).toEqual([null, null]);
    expect(exposedCreation(host, NOW)).toBeNull();
  });
});

describe('crawlServer: a creation time costs a request only when the peer list is due', () => {
  it('asks Pleroma\'s /api/v1/instance with the peer list (first crawl, then weekly), not on the other nights', async () => {
    const host = hostOf('pleroma');
    const due = simSession(host);
    const dueResult = await crawlServer(due, host.name, { fetchPeers: true });
    expect(due.paths).toEqual(['/.well-known/nodeinfo', '/nodeinfo/2.1.json', '/api/v1/instance', '/api/v1/instance/peers']);
    expect([dueResult.observation.createdAt, dueResult.observation.createdAtSource]).toEqual([new Date('2022-11-07T13:45:12.345Z'), 'mastodon_contact_account']);
    const other = simSession(host);
    const otherResult = await crawlServer(other, host.name, { fetchPeers: false });
    expect(other.paths).toEqual(['/.well-known/nodeinfo', '/nodeinfo/2.1.json']);
    expect([otherResult.observation.createdAt, otherResult.observation.createdAtSource]).toEqual([null, null]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseLemmyPeers, parseMastodonPeers, parseMisskeyPeers, type PeerList } from '../../../crawler/discovery/peers.ts';
import { loadResponse } from '../../fixtures/load.ts';

const entries = (list: PeerList): unknown[] => {
  if (!list.ok) throw new Error(list.reason);
  return [...list.entries];
};

describe('parseMastodonPeers', () => {
  it('hands back the array itself, without copying it', () => {
    const body = ['a.example.org', 'b.example.org', 3];
    const list = parseMastodonPeers(body);
    expect(list).toEqual({ ok: true, entries: body, count: 3 });
    if (list.ok) expect(list.entries).toBe(body);
  });

  it('quotes the refusal of a server that hides its peers (401 body, mastodon/documentation)', () => {
    expect(parseMastodonPeers(loadResponse('api_v1_instance_peers_401_error_body.json'))).toEqual({
      ok: false,
      reason: 'peers response is not a list: This API requires an authenticated user',
    });
    expect(parseMastodonPeers('<html>')).toEqual({ ok: false, reason: 'peers response is not a list' });
  });
});

describe('parseMisskeyPeers', () => {
  it('yields each host lazily, and can be iterated twice', () => {
    const body = [{ host: 'a.example.org', usersCount: 3 }, { host: 'B.example.org' }, { id: 'x' }, 'c.example.org', null];
    const list = parseMisskeyPeers(body);
    expect(list.ok && list.count).toBe(5);
    expect(entries(list)).toEqual(['a.example.org', 'B.example.org', undefined, 'c.example.org', null]);
    expect(entries(list)).toHaveLength(5);
  });

  it('rejects anything but an array', () => {
    expect(parseMisskeyPeers({ error: { message: 'nope' } })).toEqual({ ok: false, reason: 'federation/instances response is not a list' });
  });
});

describe('parseLemmyPeers', () => {
  it('reads linked[].domain (Lemmy 0.17+) and ignores allowed and blocked', () => {
    const body = {
      federated_instances: {
        linked: [{ id: 1, domain: 'lemmy.ml', software: 'lemmy' }, { id: 2, domain: 'beehaw.org' }],
        allowed: [{ id: 3, domain: 'allowed.example.org' }],
        blocked: [{ id: 4, domain: 'blocked.example.org' }],
      },
    };
    expect(entries(parseLemmyPeers(body))).toEqual(['lemmy.ml', 'beehaw.org']);
  });

  it('reads linked as plain strings (Lemmy 0.16)', () => {
    expect(entries(parseLemmyPeers({ federated_instances: { linked: ['lemmy.ml', 'lemmygrad.ml'], allowed: null } }))).toEqual([
      'lemmy.ml',
      'lemmygrad.ml',
    ]);
  });

  it('treats federation switched off (null) as no peers, and other shapes as errors', () => {
    expect(entries(parseLemmyPeers({ federated_instances: null }))).toEqual([]);
    expect(parseLemmyPeers({}).ok).toBe(false);
    expect(parseLemmyPeers({ federated_instances: { linked: 'lemmy.ml' } }).ok).toBe(false);
    expect(parseLemmyPeers(null).ok).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseMisskeyFirstLocalUser, parseMisskeyMeta, parseMisskeyStats } from '../../../crawler/parse/misskey.ts';
import { loadResponse } from '../../fixtures/load.ts';

describe('parseMisskeyMeta', () => {
  it('reads misskey.io\'s meta (fediverse.space)', () => {
    expect(parseMisskeyMeta(loadResponse('fediverse.space_misskey_meta.json'))).toEqual({
      version: '13.12.2',
      openRegistrations: true,
    });
  });

  it('negates disableRegistration, and gives null when it is not a boolean', () => {
    expect(parseMisskeyMeta({ disableRegistration: true }).openRegistrations).toBe(false);
    expect(parseMisskeyMeta({ disableRegistration: 'no' }).openRegistrations).toBeNull();
    expect(parseMisskeyMeta('<html>')).toEqual({ version: null, openRegistrations: null });
  });
});

describe('parseMisskeyStats', () => {
  it('takes the local (original) counts, not the ones including remote users (fediverse.space)', () => {
    expect(parseMisskeyStats(loadResponse('fediverse.space_misskey_stats.json'))).toEqual({
      usersTotal: { value: 20 },
      localPosts: { value: 20 },
    });
  });

  it('flags odd counts and survives hostile bodies', () => {
    expect(parseMisskeyStats({ originalUsersCount: 1e12, originalNotesCount: 'many' })).toEqual({
      usersTotal: { value: null, flag: 'too_large' },
      localPosts: { value: null, flag: 'not_a_number' },
    });
    expect(parseMisskeyStats([1, 2])).toEqual({ usersTotal: { value: null }, localPosts: { value: null } });
  });
});

describe('parseMisskeyFirstLocalUser (POST /api/users, oldest local account first)', () => {
  it('reads the first user\'s createdAt from a Misskey 2025 answer (reconstructed from UserEntityService)', () => {
    expect(parseMisskeyFirstLocalUser(loadResponse('reconstructed_misskey-2025_api_users_local_oldest.json'))).toEqual({
      strict: true,
      createdAt: new Date('2023-06-14T09:12:41.562Z'),
    });
  });

  it('is best-effort on a body that strays from the schema, and refuses a remote user', () => {
    // No id, host left out: not the documented shape, still a local user with a time.
    expect(parseMisskeyFirstLocalUser([{ createdAt: '2021-01-02T03:04:05Z' }])).toEqual({
      strict: false,
      createdAt: new Date('2021-01-02T03:04:05Z'),
    });
    // A server that ignored `origin: local` answered with a remote account: no evidence about this server.
    const remote = [{ id: 'x', username: 'a', host: 'elsewhere.example', createdAt: '2018-01-01T00:00:00Z' }];
    expect(parseMisskeyFirstLocalUser(remote)).toEqual({ strict: false, createdAt: null });
  });

  it('never throws on hostile bodies', () => {
    for (const body of [null, 'x', {}, [], [null], [[]], [{ createdAt: 5 }], [{ createdAt: '1970-01-01T00:00:00Z' }], [{ createdAt: 'x'.repeat(10_000) }]]) {
      expect(parseMisskeyFirstLocalUser(body).createdAt).toBeNull();
    }
  });
});

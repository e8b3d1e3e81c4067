import { describe, expect, it } from 'vitest';
import { parseMisskeyMeta, parseMisskeyStats } from '../../../crawler/parse/misskey.ts';
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

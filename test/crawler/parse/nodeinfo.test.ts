import { describe, expect, it } from 'vitest';
import { parseNodeInfo, type NodeInfo } from '../../../crawler/parse/nodeinfo.ts';
import { loadResponse } from '../../fixtures/load.ts';

function parsed(body: unknown): NodeInfo {
  const result = parseNodeInfo(body);
  if (!result.ok) throw new Error(`expected a NodeInfo, got: ${result.reason}`);
  return result.nodeInfo;
}

const fixture = (name: string): NodeInfo => parsed(loadResponse(name));

describe('parseNodeInfo on real documents (test/fixtures/responses)', () => {
  it('mastodon.social 4.1.5 nightly: strict 2.0', () => {
    expect(fixture('nodeinfo_2.0_mastodon.social_4.1.5-nightly-2023-07-28.json')).toEqual({
      schemaVersion: '2.0',
      strict: true,
      software: { name: 'mastodon', version: '4.1.5+nightly-2023-07-28' },
      openRegistrations: true,
      usersTotal: { value: 1479509 },
      usersActiveMonth: { value: 470481 },
      usersActiveHalfyear: { value: 776979 },
      localPosts: { value: 62251340 },
    });
  });

  it('fosstodon.org (Mastodon 4.4.2): strict 2.0, closed registrations', () => {
    expect(fixture('nodeinfo_2.0_fosstodon.org_mastodon-4.4.2.json')).toMatchObject({
      strict: true,
      software: { name: 'mastodon', version: '4.4.2' },
      openRegistrations: false,
      usersTotal: { value: 62444 },
      usersActiveMonth: { value: 8788 },
      usersActiveHalfyear: { value: 14000 },
      localPosts: { value: 4335412 },
    });
  });

  it('Pleroma with a large metadata.federation: strict 2.0', () => {
    expect(fixture('nodeinfo_2.0_shitposter.club_pleroma-2.5.51.json')).toMatchObject({
      strict: true,
      software: { name: 'pleroma', version: '2.5.51-9314-g9528fc46-shitposterclub' },
      usersTotal: { value: 3382 },
      usersActiveMonth: { value: 326 },
      usersActiveHalfyear: { value: 526 },
      localPosts: { value: 2556018 },
    });
  });

  it('Lemmy 0.18.5 (no services, no metadata): not strict, read leniently', () => {
    expect(fixture('nodeinfo_2.0_lemmy-0.18.5_unnamed-large-instance.json')).toEqual({
      schemaVersion: '2.0',
      strict: false,
      software: { name: 'lemmy', version: '0.18.5' },
      openRegistrations: true,
      usersTotal: { value: 149738 },
      usersActiveMonth: { value: 10536 },
      usersActiveHalfyear: { value: 26917 },
      localPosts: { value: 234483 },
    });
  });

  it('Pixelfed with counts as strings: not strict, strings read as counts', () => {
    expect(fixture('fediverse.space_nodeinfo_pixelfed.json')).toMatchObject({
      strict: false,
      software: { name: 'pixelfed', version: '0.11.2' },
      usersTotal: { value: 16 },
      usersActiveMonth: { value: 2 },
      usersActiveHalfyear: { value: 16 },
      localPosts: { value: 60 },
    });
  });

  it('diaspora 2.0: strict', () => {
    expect(fixture('jaywink-federation_NODEINFO_20_DOC.json')).toMatchObject({
      schemaVersion: '2.0',
      strict: true,
      software: { name: 'diaspora', version: '0.7.4.0-pd0313756' },
      usersTotal: { value: 348 },
      localPosts: { value: 8522 },
    });
  });

  it('diaspora 1.0 (protocols as an object): read leniently', () => {
    expect(fixture('jaywink-federation_NODEINFO_10_DOC.json')).toEqual({
      schemaVersion: '1.0',
      strict: false,
      software: { name: 'diaspora', version: '0.7.4.0-pd0313756' },
      openRegistrations: true,
      usersTotal: { value: 348 },
      usersActiveMonth: { value: 62 },
      usersActiveHalfyear: { value: 123 },
      localPosts: { value: 8522 },
    });
  });

  it('2.1 whose localPosts is an object: local_posts flagged not_a_number, the rest kept', () => {
    expect(fixture('jaywink-federation_NODEINFO_21_DOC_INVALID_USAGE_COUNTS.json')).toEqual({
      schemaVersion: '2.1',
      strict: false,
      software: { name: 'pleroma', version: '0.7.4.0-pd0313756' },
      openRegistrations: true,
      usersTotal: { value: 348 },
      usersActiveMonth: { value: null },
      usersActiveHalfyear: { value: null },
      localPosts: { value: null, flag: 'not_a_number' },
    });
  });

  it.each([
    ['NodeInfo2 (x-nodeinfo2, a different format)', 'jaywink-federation_NODEINFO2_10_DOC.json'],
    ['Matrix Synapse version document', 'jaywink-federation_MATRIX_SYNAPSE_DOC.json'],
    ['diaspora statistics.json', 'jaywink-federation_STATISTICS_JSON_DOC.json'],
    ['a Mastodon instance document', 'jaywink-federation_MASTODON_DOC.json'],
  ])('rejects %s: no software.name', (_label, name) => {
    expect(parseNodeInfo(loadResponse(name))).toEqual({ ok: false, reason: 'NodeInfo without software.name' });
  });
});

describe('parseNodeInfo on odd documents', () => {
  const base = {
    version: '2.1',
    software: { name: 'misskey', version: '2024.5.0' },
    protocols: ['activitypub'],
    services: { inbound: [], outbound: [] },
    openRegistrations: false,
    usage: { users: { total: 10, activeMonth: null, activeHalfyear: null }, localPosts: 5 },
    metadata: {},
  };

  it('treats null counts (Misskey) as missing, without a flag, and fails strict', () => {
    expect(parsed(base)).toMatchObject({ strict: false, usersActiveMonth: { value: null }, usersActiveHalfyear: { value: null } });
    expect(parsed(base).usersActiveMonth).not.toHaveProperty('flag');
  });

  it('accepts a strict 2.1 with repository and homepage', () => {
    const doc = { ...base, software: { ...base.software, repository: 'r', homepage: 'h' }, usage: { users: {} } };
    expect(parsed(doc)).toMatchObject({ strict: true, usersTotal: { value: null }, localPosts: { value: null } });
  });

  it('fails strict on an unknown top-level key (`metaData`) but reads the rest', () => {
    const { metadata: _m, ...rest } = base;
    expect(parsed({ ...rest, usage: { users: { total: 1 } }, metaData: { nodeName: 'x' } })).toMatchObject({
      strict: false,
      usersTotal: { value: 1 },
    });
  });

  it('trims and lower-cases software.name ("Mastodon ")', () => {
    expect(parsed({ ...base, software: { name: ' Mastodon ', version: '4.2.0' } }).software).toEqual({
      name: 'mastodon',
      version: '4.2.0',
    });
  });

  it('reads a document without usage, without version, with a numeric software version', () => {
    expect(parsed({ software: { name: 'snac', version: 2.5 } })).toEqual({
      schemaVersion: null,
      strict: false,
      software: { name: 'snac', version: '2.5' },
      openRegistrations: null,
      usersTotal: { value: null },
      usersActiveMonth: { value: null },
      usersActiveHalfyear: { value: null },
      localPosts: { value: null },
    });
  });

  it('flags implausible counts, including ones the strict schema allows', () => {
    const doc = { ...base, usage: { users: { total: 2_147_483_647, activeMonth: -1, activeHalfyear: '12.5' }, localPosts: true } };
    expect(parsed(doc)).toMatchObject({
      usersTotal: { value: null, flag: 'too_large' },
      usersActiveMonth: { value: null, flag: 'negative' },
      usersActiveHalfyear: { value: null, flag: 'fractional' },
      localPosts: { value: null, flag: 'not_a_number' },
    });
  });

  it('reads openRegistrations from "true"/"false" strings, else null', () => {
    expect(parsed({ ...base, openRegistrations: 'true' }).openRegistrations).toBe(true);
    expect(parsed({ ...base, openRegistrations: 'false' }).openRegistrations).toBe(false);
    expect(parsed({ ...base, openRegistrations: 1 }).openRegistrations).toBeNull();
  });

  it.each([
    ['null', null],
    ['an array', [base]],
    ['a string', '<html></html>'],
    ['no software', { version: '2.0' }],
    ['software.name empty', { software: { name: '   ' } }],
    ['software.name an object', { software: { name: { en: 'x' } } }],
    ['software.name absurdly long', { software: { name: 'x'.repeat(100_000) } }],
    ['software as a string', { software: 'mastodon' }],
  ])('returns an error, never throws, on %s', (_label, body) => {
    expect(parseNodeInfo(body).ok).toBe(false);
  });
});

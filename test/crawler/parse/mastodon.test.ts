import { describe, expect, it } from 'vitest';
import {
  isoWeekOf,
  MAX_ACTIVITY_WINDOWS,
  parseMastodonActivity,
  parseMastodonV1Instance,
  parseMastodonV2Instance,
} from '../../../crawler/parse/mastodon.ts';
import { loadResponse } from '../../fixtures/load.ts';

describe('parseMastodonV2Instance', () => {
  it('reads mastodon.social (mastodon/documentation)', () => {
    expect(parseMastodonV2Instance(loadResponse('api_v2_instance_mastodon.social.json'))).toEqual({
      usersActiveMonth: { value: 279347 },
      openRegistrations: true,
      createdAt: new Date('2016-11-23T00:00:00.000Z'),
      version: '4.5.0-nightly.2025-07-11',
    });
  });

  it('gives nulls and flags, never throws, on hostile bodies', () => {
    expect(parseMastodonV2Instance(null)).toEqual({
      usersActiveMonth: { value: null },
      openRegistrations: null,
      createdAt: null,
      version: null,
    });
    expect(
      parseMastodonV2Instance({
        usage: { users: { active_month: '1e9' } },
        registrations: 'yes',
        contact: { account: { created_at: 'yesterday' } },
        version: ['4'],
      }),
    ).toEqual({ usersActiveMonth: { value: null, flag: 'not_a_number' }, openRegistrations: null, createdAt: null, version: null });
  });
});

describe('parseMastodonV1Instance', () => {
  it('reads mastodon.social 3.5.3 (mastodon/documentation)', () => {
    expect(parseMastodonV1Instance(loadResponse('api_v1_instance_mastodon.social.json'))).toEqual({
      usersTotal: { value: 812303 },
      localPosts: { value: 38151616 },
      openRegistrations: false,
      createdAt: new Date('2016-03-16T00:00:00.000Z'),
      version: '3.5.3',
    });
  });

  it('reads a v1 document whose contact_account is null', () => {
    expect(parseMastodonV1Instance(loadResponse('jaywink-federation_MASTODON_DOC_NULL_CONTACT.json'))).toMatchObject({
      usersTotal: { value: 159726 },
      localPosts: { value: 6059606 },
      openRegistrations: null, // this document has no `registrations`
      createdAt: null,
    });
  });

  it.each(['jaywink-federation_MASTODON_DOC.json', 'jaywink-federation_MASTODON_DOC_3.json', 'jaywink-federation_MASTODON_RC_DOC.json'])(
    'reads the contact account age from %s',
    (name) => {
      expect(parseMastodonV1Instance(loadResponse(name)).createdAt).toEqual(new Date('2016-03-16T14:34:26.392Z'));
    },
  );

  it('reads fediverse.space\'s Mastodon document (open registrations)', () => {
    expect(parseMastodonV1Instance(loadResponse('fediverse.space_mastodon_instance.json'))).toMatchObject({
      usersTotal: { value: 100 },
      openRegistrations: true,
      createdAt: new Date('2016-11-23T00:00:00.000Z'),
    });
  });

  it('reads Pleroma\'s Mastodon API document and its compatible-version string', () => {
    expect(parseMastodonV1Instance(loadResponse('jaywink-federation_PLEROMA_MASTODON_API_DOC.json'))).toEqual({
      usersTotal: { value: 11 },
      localPosts: { value: 127 },
      openRegistrations: null,
      createdAt: null,
      version: '2.3.3 (compatible; Pleroma 0.9.0 ffa552f1a41c530a7eff25d27cf0a82e710067b6)',
    });
  });

  it('reads a v2-style registrations object and flags odd counts', () => {
    expect(
      parseMastodonV1Instance({ stats: { user_count: '-4', status_count: { n: 1 } }, registrations: { enabled: false } }),
    ).toMatchObject({
      usersTotal: { value: null, flag: 'negative' },
      localPosts: { value: null, flag: 'not_a_number' },
      openRegistrations: false,
    });
  });
});

describe('parseMastodonActivity', () => {
  it('reads mastodon.social\'s 12 windows of 2019, counts as strings', () => {
    const windows = parseMastodonActivity(loadResponse('api_v1_instance_activity_mastodon.social_2019.json'));
    expect(windows).toHaveLength(12);
    expect(windows[0]).toEqual({
      windowStart: new Date(1574640000 * 1000),
      statuses: { value: 37125 },
      logins: { value: 14239 },
      registrations: { value: 542 },
    });
    expect(windows[11]?.windowStart.toISOString()).toBe('2019-09-09T00:00:00.000Z');
    expect(windows.map((w) => isoWeekOf(w.windowStart))).toEqual([
      '2019-11-25', '2019-11-18', '2019-11-11', '2019-11-04', '2019-10-28', '2019-10-21',
      '2019-10-14', '2019-10-07', '2019-09-30', '2019-09-23', '2019-09-16', '2019-09-09',
    ]);
  });

  it('reads jaywink-federation\'s activity document', () => {
    const windows = parseMastodonActivity(loadResponse('jaywink-federation_MASTODON_ACTIVITY_DOC.json'));
    expect(windows.map((w) => [w.windowStart.toISOString(), w.statuses.value])).toEqual([
      ['2018-05-14T00:00:00.000Z', 200229],
      ['2018-05-21T00:00:00.000Z', 121188],
    ]);
  });

  it('accepts numeric weeks, skips windows without a usable week, flags odd counts', () => {
    const windows = parseMastodonActivity([
      { week: 1700438400, statuses: 5, logins: '-1', registrations: null },
      { week: 'last week', statuses: 1 },
      { week: '0', statuses: 1 },
      { week: 1.5e9 + 0.5 },
      null,
      'x',
    ]);
    expect(windows).toEqual([
      {
        windowStart: new Date('2023-11-20T00:00:00Z'),
        statuses: { value: 5 },
        logins: { value: null, flag: 'negative' },
        registrations: { value: null },
      },
    ]);
  });

  it('gives no windows for anything but an array, and caps a hostile array', () => {
    expect(parseMastodonActivity({ week: 1 })).toEqual([]);
    expect(parseMastodonActivity(null)).toEqual([]);
    const many = Array.from({ length: 10_000 }, () => ({ week: '1574640000', statuses: '1', logins: '1', registrations: '1' }));
    expect(parseMastodonActivity(many)).toHaveLength(MAX_ACTIVITY_WINDOWS);
  });
});

describe('isoWeekOf', () => {
  it.each([
    ['2019-11-25T00:00:00Z', '2019-11-25'], // a Monday at midnight (older Mastodon)
    ['2024-01-07T23:00:00Z', '2024-01-08'], // Sunday 23:00 + 3 days = Wednesday of the next week
    ['2024-01-04T12:00:00Z', '2024-01-01'], // Thursday + 3 = Sunday, still the week of Monday 2024-01-01
    ['2024-01-05T00:00:00Z', '2024-01-08'], // Friday + 3 = Monday: the window lies mostly in the next week
    ['2020-12-31T10:00:00Z', '2020-12-28'], // ISO week 53 of 2020
    ['2024-02-26T09:15:00Z', '2024-02-26'], // request-time windows (recent Mastodon)
  ])('puts a window starting at %s in the week of %s', (start, monday) => {
    expect(isoWeekOf(new Date(start))).toBe(monday);
  });

  it('gives the same week to windows fetched a few days apart for the same week', () => {
    const weeks = ['2024-03-04T00:00:00Z', '2024-03-05T06:00:00Z', '2024-03-07T23:59:59Z', '2024-03-01T00:00:01Z'];
    expect(new Set(weeks.map((w) => isoWeekOf(new Date(w))))).toEqual(new Set(['2024-03-04']));
  });

  it('throws a RangeError on an invalid date', () => {
    expect(() => isoWeekOf(new Date('nope'))).toThrow(RangeError);
  });
});

describe('the contact account of every Mastodon-API software (parseMastodonV1Instance.createdAt)', () => {
  // Each fixture names its source in test/fixtures/README.md; "reconstructed" ones are built from the
  // software's source, field for field, where no verbatim answer could be found.
  it.each([
    ['Mastodon 2.4 (mastodon.social, jaywink/federation)', 'jaywink-federation_MASTODON_DOC.json', 'created_at of its contact'],
    ['GoToSocial (its own test suite, verbatim)', 'gotosocial-testrig_api_v1_instance_contact_account.json', '2022-05-17T13:10:59.000Z'],
    ['Pleroma 2.7 (reconstructed)', 'reconstructed_pleroma-2.7_api_v1_instance.json', '2019-03-05T18:02:11.000Z'],
    ['Friendica 2024.12 (reconstructed)', 'reconstructed_friendica-2024.12_api_v1_instance.json', '2018-06-21T08:40:12.000Z'],
    ['Pixelfed 0.12, Laravel microseconds (reconstructed)', 'reconstructed_pixelfed-0.12_api_v1_instance.json', '2020-11-05T14:22:31.000Z'],
    ['snac 2.68, no fraction (reconstructed)', 'reconstructed_snac-2.68_api_v1_instance.json', '2022-09-20T07:31:02.000Z'],
  ])('%s', (_name, file, want) => {
    const body = loadResponse(file) as { contact_account?: { created_at?: string } };
    const expected = want.startsWith('created_at') ? body.contact_account!.created_at! : want;
    expect(parseMastodonV1Instance(body).createdAt?.toISOString()).toBe(new Date(expected).toISOString());
  });

  it('gives null where the answer carries no contact account: Akkoma, an old Pleroma, Mastodon with none set', () => {
    for (const file of [
      'reconstructed_akkoma-3.x_api_v1_instance.json',
      'jaywink-federation_PLEROMA_MASTODON_API_DOC.json',
      'jaywink-federation_MASTODON_DOC_NULL_CONTACT.json',
    ]) {
      expect(parseMastodonV1Instance(loadResponse(file)).createdAt, file).toBeNull();
    }
    // Friendica before 2022 sent `contact_account: []`; an empty created_at is no time.
    expect(parseMastodonV1Instance({ contact_account: [] }).createdAt).toBeNull();
    expect(parseMastodonV1Instance({ contact_account: { created_at: '' } }).createdAt).toBeNull();
  });
});

describe('Friendica\'s unknown time', () => {
  it('reads 0001-01-01 (DBA::NULL_DATETIME through DateTimeFormat::JSON) as no time', () => {
    expect(parseMastodonV1Instance({ contact_account: { created_at: '0001-01-01T00:00:00.000Z' } }).createdAt).toBeNull();
  });
});

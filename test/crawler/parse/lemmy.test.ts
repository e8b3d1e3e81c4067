import { describe, expect, it } from 'vitest';
import { loadResponse } from '../../fixtures/load.ts';
import { parseLemmySite } from '../../../crawler/parse/lemmy.ts';

// The shape of `GET /api/v3/site` (lemmy-js-client GetSiteResponse), with lemmygrad.ml's figures and creation
// time from ../shared/datasets/lemmy-crawl-2022-09-14.json (lemmy-stats-crawler output of 2022-09-14).
const lemmygrad = {
  version: '0.16.6',
  site_view: {
    site: { id: 1, name: 'Lemmygrad', published: '2019-08-16T23:14:21.070852', actor_id: 'https://lemmygrad.ml/' },
    local_site: { registration_mode: 'RequireApplication' },
    counts: {
      id: 1, site_id: 1, users: 6879, posts: 35004, comments: 147361, communities: 479,
      users_active_day: 91, users_active_week: 226, users_active_month: 359, users_active_half_year: 1311,
    },
  },
  admins: [],
};

describe('parseLemmySite', () => {
  it('reads counts and reads a zone-less published time as UTC', () => {
    expect(parseLemmySite(lemmygrad)).toEqual({
      usersTotal: { value: 6879 },
      localPosts: { value: 35004 },
      usersActiveMonth: { value: 359 },
      usersActiveHalfyear: { value: 1311 },
      createdAt: new Date('2019-08-16T23:14:21.070Z'),
      version: '0.16.6',
    });
  });

  it('reads a published time with a zone as given', () => {
    const body = { site_view: { site: { published: '2023-06-01T10:00:00.123456+02:00' } } };
    expect(parseLemmySite(body).createdAt).toEqual(new Date('2023-06-01T08:00:00.123Z'));
  });

  it('gives nulls and flags on odd or hostile bodies', () => {
    const body = { site_view: { site: { published: 12345 }, counts: { users: '12', posts: -3, users_active_month: 1.5 } } };
    expect(parseLemmySite(body)).toEqual({
      usersTotal: { value: 12 },
      localPosts: { value: null, flag: 'negative' },
      usersActiveMonth: { value: null, flag: 'fractional' },
      usersActiveHalfyear: { value: null },
      createdAt: null,
      version: null,
    });
    expect(parseLemmySite('not json').usersTotal).toEqual({ value: null });
  });
});

describe('parseLemmySite on lemmy.ml (Lemmy 0.16, reconstructed with the 2022-09-14 stats crawl\'s figures)', () => {
  it('reads site.published, zone-less, as UTC', () => {
    const site = parseLemmySite(loadResponse('reconstructed_lemmy-0.16_api_v3_site_lemmy.ml.json'));
    expect(site.createdAt).toEqual(new Date('2019-04-20T18:53:54.608Z'));
    expect([site.usersTotal, site.version]).toEqual([{ value: 17702 }, '0.16.7']);
  });
});

// One example answer per operation, for the OpenAPI document (api/http/openapi.ts attaches them by
// operationId). Shaped like real answers of a small census; test/api/contract.test.ts validates each
// against its operation's schema, so an example cannot describe a field that no longer exists.
const meta = {
  data_version: '20250630T041207Z-3f2a9c1b',
  data_as_of: '2025-06-30',
  methodology: '/api/v1/definitions',
};

const software = [
  { name: 'mastodon', servers: 8412, users_total: 9_412_377, users_active_month: 912_406 },
  { name: 'misskey', servers: 1204, users_total: 1_803_215, users_active_month: 120_933 },
];

export const EXAMPLES: Readonly<Record<string, unknown>> = {
  getReference: {
    source: 'joinmastodon',
    published_by: 'published by Mastodon',
    from: '2022-10-27',
    to: '2022-11-07',
    days: [
      { day: '2022-10-27', user_count: 3_598_722, server_count: 2874, active_user_count: 370_360 },
      { day: '2022-11-07', user_count: 4_105_507, server_count: 4053, active_user_count: 1_044_405 },
    ],
    meta: {
      ...meta,
      sources: [{ id: 'fedicensus', name: "fedicensus's own crawl", url: 'https://github.com/fedicensus/fedicensus', licence: 'CC BY 4.0 (the published datasets)' }],
      source: {
        id: 'joinmastodon', name: 'Mastodon official statistics (api.joinmastodon.org/statistics)', url: 'https://api.joinmastodon.org/statistics',
        licence: 'none stated', collected: 'archived daily by micahflee/mastodon-stats', coverage: "the servers Mastodon's own directory knows",
      },
    },
  },
  getSummary: {
    day: '2025-06-30',
    servers: 20_114,
    users_total: 14_203_551,
    users_active_month: 1_402_377,
    local_posts: 1_203_554_102,
    software,
    coverage: { known: 31_220, attempted: 28_004, ok: 20_114, disallowed: 212 },
    reporting: { users_total: 20_101, users_active_month: 19_377, local_posts: 19_902 },
    anomalies: 'exclude',
    left_out: {
      servers: 10, users_total: 1_000_041_310, users_active_month: 1_216, local_posts: 0,
      by_kind: [
        { kind: 'outlier_total', servers: 1, users_total: 999_999_999, users_active_month: 4, local_posts: 0 },
        { kind: 'active_vanishing', servers: 1, users_total: 999_999_999, users_active_month: 4, local_posts: 0 },
        { kind: 'posts_per_user', servers: 0, users_total: 0, users_active_month: 0, local_posts: 0 },
        { kind: 'known_inflation', servers: 9, users_total: 41_311, users_active_month: 1_212, local_posts: 0 },
        { kind: 'active_above_total', servers: 0, users_total: 0, users_active_month: 0, local_posts: 0 },
      ],
    },
    creation_times: {
      servers: 20_114, known: 9_880, share: 0.4912,
      by_software: [{ name: 'mastodon', servers: 8_412, known: 8_390, share: 0.9974 }],
    },
    meta,
  },
  listSoftware: { day: '2025-06-30', software, meta },
  listDays: {
    from: null,
    to: null,
    days: [
      { day: '2025-06-29', servers: 20_087, known: 31_190, attempted: 27_990, ok: 20_087, disallowed: 211 },
      { day: '2025-06-30', servers: 20_114, known: 31_220, attempted: 28_004, ok: 20_114, disallowed: 212 },
    ],
    meta,
  },
  getWeekly: {
    from: '2025-06-01',
    to: '2025-06-30',
    software: 'mastodon',
    anomalies: 'exclude',
    weeks: [
      { week: '2025-06-23', users_joined: 10_233, users_registered: 9_870, users_growth: 363, servers_joined: 41, servers_created: 41, servers_first_reached: 57 },
      { week: '2025-06-30', users_joined: 1_877, users_registered: 1_802, users_growth: 75, servers_joined: 6, servers_created: 6, servers_first_reached: 9 },
    ],
    meta,
  },
  getDaily: {
    metric: 'users_active_month',
    from: '2025-06-29',
    to: '2025-06-30',
    software: null,
    days: [
      { day: '2025-06-29', value: 1_401_950, reporting: 19_360 },
      { day: '2025-06-30', value: 1_402_377, reporting: 19_377 },
    ],
    meta,
  },
  getChange: {
    requested_from: '2025-06-01',
    requested_to: '2025-06-30',
    software: null,
    from: '2025-06-01',
    to: '2025-06-30',
    servers_compared: 18_870,
    users_active_month_from: 1_377_120,
    users_active_month_to: 1_390_004,
    change: 12_884,
    servers_only_from: 402,
    servers_only_to: 507,
    meta,
  },
  getMethodChanges: {
    changes: [
      { day: '2025-01-06', kind: 'first_crawl', software: null, title: 'First crawl', detail: 'Figures before this day come from activity windows and creation times reported back in time.' },
      { day: '2025-03-12', kind: 'coverage', software: null, title: 'Coverage jump', detail: 'servers reached ok rose from 12,040 to 16,320 (+35.5%)' },
    ],
    meta,
  },
  getAnomalies: {
    day: '2025-06-30',
    kind: null,
    anomalies: [{ domain: 'big-jump.example.net', day: '2025-06-30', kind: 'jump', detail: 'users_total 120 -> 51200' }],
    meta,
  },
  listServers: {
    servers: [
      {
        domain: 'mastodon.social',
        software: 'mastodon',
        version: '4.4.1',
        status: 'ok',
        first_seen: '2024-01-08',
        first_seen_ok: '2024-01-08',
        created_at: '2016-03-16T00:00:00Z',
        day: '2025-06-30',
        users_total: 2_903_512,
        users_active_month: 301_002,
        local_posts: 138_004_121,
      },
    ],
    next_cursor: 'WyJ1c2Vyc190b3RhbCIsMjkwMzUxMiwibWFzdG9kb24uc29jaWFsIl0',
    meta,
  },
  getServer: {
    domain: 'mastodon.social',
    first_seen: '2024-01-08',
    first_seen_ok: '2024-01-08',
    last_seen_ok: '2025-06-30',
    last_attempt: '2025-06-30',
    status: 'ok',
    software: 'mastodon',
    version: '4.4.1',
    // Mastodon sends its contact account's creation at midnight (docs/protocol-notes.md, "Creation times").
    created_at: '2016-03-16T00:00:00Z',
    created_at_source: 'mastodon_contact_account',
    history: [
      {
        day: '2025-06-30',
        software: 'mastodon',
        version: '4.4.1',
        users_total: 2_903_512,
        users_active_month: 301_002,
        users_active_halfyear: 802_113,
        local_posts: 138_004_121,
        open_registrations: true,
        quality: null,
      },
    ],
    activity: [{ week: '2025-06-23', statuses: 1_204_002, logins: 280_114, registrations: 5_120 }],
    meta,
  },
  getDefinitions: { definitions: { day: 'a day is a UTC calendar day on which the census crawled.' } },
  getApiRootIndex: {
    title: 'fedicensus API',
    openapi: '/api/openapi.json',
    docs: '/api/docs',
    endpoints: [{ method: 'GET', path: '/api/v1/days', operationId: 'listDays', summary: 'The crawled days, with the coverage of each' }],
  },
  getApiIndex: {
    title: 'fedicensus API',
    openapi: '/api/openapi.json',
    docs: '/api/docs',
    endpoints: [{ method: 'GET', path: '/api/v1/summary', operationId: 'getSummary', summary: "One day's census: totals, software breakdown, coverage" }],
  },
};

// GET /api/v1/change, GET /api/v1/anomalies and /api/v1/weekly?anomalies over the fixture census
// (test/api/fixture.ts) plus a few servers whose anomalies are known by construction.
import { describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../../api/metrics/definitions.ts';
import { D1, D2, D3 } from '../fixture.ts';
import { getJson, testAppForFile } from '../harness.ts';

// On top of the fixture: a WordPress site (always inflated), and a Pleroma server that jumps on D3.
const EXTRA = `
INSERT INTO servers (domain, first_seen, first_seen_ok, last_seen_ok, last_attempt, status, software, version) VALUES
  ('wp.example.org', DATE '${D1}', DATE '${D1}', DATE '${D3}', DATE '${D3}', 'ok', 'wordpress', '6.4'),
  ('jump.example.org', DATE '${D1}', DATE '${D1}', DATE '${D3}', DATE '${D3}', 'ok', 'pleroma', '2.6');
INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, local_posts, sources, crawled_at) VALUES
  (DATE '${D1}', 'wp.example.org', 'wordpress', '6.4', 1000, 10, 50, 'nodeinfo-2.0', TIMESTAMP '${D1} 03:00:00'),
  (DATE '${D2}', 'wp.example.org', 'wordpress', '6.4', 1100, 10, 60, 'nodeinfo-2.0', TIMESTAMP '${D2} 03:00:00'),
  (DATE '${D3}', 'wp.example.org', 'wordpress', '6.4', 1200, 10, 70, 'nodeinfo-2.0', TIMESTAMP '${D3} 03:00:00'),
  (DATE '${D1}', 'jump.example.org', 'pleroma', '2.6', 2000, 100, 50, 'nodeinfo-2.0', TIMESTAMP '${D1} 03:00:00'),
  (DATE '${D2}', 'jump.example.org', 'pleroma', '2.6', 2010, 100, 60, 'nodeinfo-2.0', TIMESTAMP '${D2} 03:00:00'),
  (DATE '${D3}', 'jump.example.org', 'pleroma', '2.6', 52010, 100, 70, 'nodeinfo-2.0', TIMESTAMP '${D3} 03:00:00');
`;

const t = testAppForFile(EXTRA);

describe('GET /api/v1/weekly?anomalies', () => {
  it('leaves anomalies out by default and counts them with anomalies=include', async () => {
    const excluded = await getJson(t.app, `/api/v1/weekly?from=2024-01-01&to=${D3}`);
    expect(excluded.status).toBe(200);
    expect(excluded.body.anomalies).toBe('exclude');
    // The fixture's weeks, plus two servers joining in W1 and jump's ordinary +10 in W2; its +50,000 on D3
    // and every step of the WordPress site are left out.
    const parts = (w: Record<string, unknown>) => [w.week, w.users_registered, w.users_growth, w.users_joined, w.servers_joined, w.servers_first_reached];
    expect(excluded.body.weeks.map(parts)).toEqual([
      ['2024-01-01', 7, null, 7, 0, 5],
      ['2024-01-08', 9, 10, 9 + 10, 0, 1],
      ['2024-01-15', null, 85, 85, 0, 1],
    ]);
    expect(excluded.body.meta.definitions.anomalies_in_growth).toBe(DEFINITIONS.anomalies_in_growth);
    const included = await getJson(t.app, `/api/v1/weekly?from=2024-01-01&to=${D3}&anomalies=include`);
    expect(included.body.anomalies).toBe('include');
    expect(included.body.weeks.map((w: { users_joined: number }) => w.users_joined)).toEqual([7, 9 + 10 + 100, 85 + 50_000 + 100]);
    expect((await getJson(t.app, `/api/v1/weekly?anomalies=exclude&from=2024-01-01&to=${D3}`)).body.weeks).toEqual(excluded.body.weeks);
  });

  it('answers 400 naming anomalies for a mode it does not know', async () => {
    const bad = await getJson(t.app, '/api/v1/weekly?anomalies=ignore');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((i: { parameter: string }) => i.parameter)).toEqual(['anomalies']);
  });
});

describe('GET /api/v1/anomalies', () => {
  it('lists the latest day by default, by kind then domain', async () => {
    const { status, body } = await getJson(t.app, '/api/v1/anomalies');
    expect(status).toBe(200);
    expect(body.day).toBe(D3);
    expect(body.anomalies).toEqual([
      { domain: 'jump.example.org', day: D3, kind: 'jump', detail: `users_total 2010 -> 52010 since ${D2}` },
      { domain: 'wp.example.org', day: D3, kind: 'known_inflation', detail: 'wordpress 6.4' },
    ]);
    expect(body.meta.definitions.anomalies).toBe(DEFINITIONS.anomalies);
  });

  it('filters by day and kind, and answers CSV', async () => {
    expect((await getJson(t.app, `/api/v1/anomalies?day=${D2}`)).body.anomalies.map((a: { domain: string }) => a.domain)).toEqual(['wp.example.org']);
    expect((await getJson(t.app, `/api/v1/anomalies?kind=jump&day=${D2}`)).body.anomalies).toEqual([]);
    const res = await t.app.request(`/api/v1/anomalies?kind=jump&format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).trim().split('\r\n')).toEqual(['domain,day,kind,detail', `jump.example.org,${D3},jump,users_total 2010 -> 52010 since ${D2}`]);
  });

  it('answers 400 naming the parameter, and 404 for a day without a crawl', async () => {
    for (const [query, parameter] of [['kind=spam', 'kind'], ['day=2024-02-30', 'day'], ['format=xml', 'format']]) {
      const bad = await getJson(t.app, `/api/v1/anomalies?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.errors[0].parameter, query).toBe(parameter);
    }
    const missing = await getJson(t.app, '/api/v1/anomalies?day=2024-01-04');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].parameter).toBe('day');
  });
});

describe('GET /api/v1/change', () => {
  it('compares monthly actives over the servers reporting on both days', async () => {
    const { status, body } = await getJson(t.app, `/api/v1/change?from=${D1}&to=2024-01-20`);
    expect(status).toBe(200);
    // D1: masto 30, misskey 10, lemmy 20, wp 10, jump 100. D3: masto 40, misskey NULL, lemmy 22, wp 10,
    // jump 100, pleroma 3 and late 4 (not on D1).
    expect(body).toMatchObject({
      requested_from: D1,
      requested_to: '2024-01-20',
      software: null,
      from: D1,
      to: D3,
      servers_compared: 4,
      users_active_month_from: 30 + 20 + 10 + 100,
      users_active_month_to: 40 + 22 + 10 + 100,
      change: 12,
      servers_only_from: 1,
      servers_only_to: 2,
    });
    expect(body.meta.definitions.active_change).toBe(DEFINITIONS.active_change);
    expect((await getJson(t.app, `/api/v1/change?from=${D1}&to=${D3}&software=Lemmy`)).body).toMatchObject({ software: 'lemmy', change: 2, servers_compared: 1 });
  });

  it('answers 400 naming the parameter', async () => {
    for (const [query, parameter] of [[`to=${D3}`, 'from'], [`from=${D1}`, 'to'], [`from=${D3}&to=${D1}`, 'from'], [`from=${D1}&to=${D3}&software=a%20b`, 'software']]) {
      const bad = await getJson(t.app, `/api/v1/change?${query}`);
      expect(bad.status, query).toBe(400);
      expect(bad.body.errors[0].parameter, query).toBe(parameter);
    }
  });
});

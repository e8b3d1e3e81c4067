import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { DEFINITIONS } from '../../api/metrics/definitions.ts';
import { D1, D3, EXPECTED_WEEKS } from './fixture.ts';
import { getJson, testAppForFile } from './harness.ts';

const t = testAppForFile();

describe('GET /api/v1/summary', () => {
  it('answers the latest crawled day by default, with the fixed fields', async () => {
    const { status, body, headers } = await getJson(t.app, '/api/v1/summary');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/json/);
    expect(body).toMatchObject({
      day: D3,
      servers: 5,
      users_total: 495,
      users_active_month: 69,
      local_posts: 6600,
      coverage: { known: 6, attempted: 6, ok: 5, disallowed: 0 },
    });
    expect(body.software[0]).toEqual({ name: 'akkoma', servers: 1, users_total: 15, users_active_month: 3 });
    expect(body.meta).toMatchObject({ data_version: t.source.current()?.version, data_as_of: D3 });
  });

  it('answers a given day, and 404 naming the day for a day without a crawl', async () => {
    expect((await getJson(t.app, `/api/v1/summary?day=${D1}`)).body).toMatchObject({ day: D1, servers: 3, users_total: 350 });
    const missing = await getJson(t.app, '/api/v1/summary?day=2024-01-04');
    expect(missing.status).toBe(404);
    expect(missing.body.errors[0].parameter).toBe('day');
  });
});

describe('GET /api/v1/weekly', () => {
  it('serves the series with its definitions', async () => {
    const { status, body } = await getJson(t.app, `/api/v1/weekly?from=2023-12-20&to=${D3}`);
    expect(status).toBe(200);
    expect(body.weeks).toEqual(EXPECTED_WEEKS);
    expect(body.meta.definitions.users_joined).toBe(DEFINITIONS.users_joined);
    expect(body.meta.definitions.servers_joined).toBe(DEFINITIONS.servers_joined);
  });

  it('filters by software, case-insensitively', async () => {
    const { body } = await getJson(t.app, '/api/v1/weekly?software=AKKOMA');
    expect(body.software).toBe('akkoma');
    expect(body.weeks).toEqual([
      { week: '2024-01-01', users_joined: null, users_registered: null, users_growth: null, servers_joined: 0, servers_created: 0, servers_first_reached: 0 },
      { week: '2024-01-08', users_joined: null, users_registered: null, users_growth: null, servers_joined: 0, servers_created: 0, servers_first_reached: 1 },
      { week: '2024-01-15', users_joined: 5, users_registered: null, users_growth: 5, servers_joined: 0, servers_created: 0, servers_first_reached: 0 },
    ]);
  });

  it('answers CSV', async () => {
    const res = await t.app.request(`/api/v1/weekly?from=2024-01-08&to=${D3}&format=csv`);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toBe(`inline; filename="weekly-${t.source.current()?.version}.csv"`);
    // A part nothing could tell about is an empty field (null), never 0.
    expect(await res.text()).toBe(
      'week,users_joined,users_registered,users_growth,servers_joined,servers_created,servers_first_reached\r\n' +
        '2024-01-08,9,9,0,0,0,1\r\n2024-01-15,85,,85,0,0,1\r\n',
    );
  });
});

describe('GET /api/v1/daily and /api/v1/software', () => {
  it('serves a daily series', async () => {
    const { body } = await getJson(t.app, '/api/v1/daily?metric=servers');
    expect(body.days.map((d: { value: number }) => d.value)).toEqual([3, 4, 5]);
    const csv = await (await t.app.request('/api/v1/daily?metric=users_total&format=csv')).text();
    expect(csv).toBe(`day,value,reporting\r\n${D1},350,3\r\n2024-01-10,320,3\r\n${D3},495,5\r\n`);
  });

  it('lists every software on the latest day', async () => {
    const { body } = await getJson(t.app, '/api/v1/software');
    expect(body.day).toBe(D3);
    expect(body.software.map((s: { name: string }) => s.name)).toEqual(['akkoma', 'gotosocial', 'lemmy', 'mastodon', 'misskey']);
    const csv = await (await t.app.request('/api/v1/software?format=csv')).text();
    expect(csv.split('\r\n')[1]).toBe(`${D3},akkoma,1,15,3`);
  });
});

describe('GET /api/v1/servers', () => {
  it('pages with an opaque cursor until next_cursor is null', async () => {
    const seen: string[] = [];
    let url: string | null = '/api/v1/servers?limit=2&sort=users_total';
    while (url) {
      const { status, body } = await getJson(t.app, url);
      expect(status).toBe(200);
      seen.push(...body.servers.map((s: { domain: string }) => s.domain));
      url = body.next_cursor ? `/api/v1/servers?limit=2&sort=users_total&cursor=${body.next_cursor}` : null;
    }
    expect(seen).toEqual(['lemmy.example.com', 'masto.example.org', 'misskey.example.net', 'late.example.org', 'pleroma.example.social']);
  });

  it("serves a server's record and history, JSON and CSV, and a 404 problem for a name never seen", async () => {
    const { body } = await getJson(t.app, '/api/v1/servers/Lemmy.Example.COM');
    expect(body.domain).toBe('lemmy.example.com');
    expect(body.history.map((h: { users_total: number }) => h.users_total)).toEqual([200, 190, 210]);
    const csv = await (await t.app.request('/api/v1/servers/lemmy.example.com?format=csv')).text();
    expect(csv.split('\r\n')[0]).toBe('day,software,version,users_total,users_active_month,users_active_halfyear,local_posts,open_registrations,quality');
    expect(csv.split('\r\n')[3]).toBe(`${D3},lemmy,0.19,210,22,,,true,local_posts:not_a_number`);
    const missing = await getJson(t.app, '/api/v1/servers/never.example.org');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toBe('application/problem+json');
    expect(missing.body.detail).toMatch(/never seen never\.example\.org/);
    expect(missing.body.errors[0]).toMatchObject({ parameter: 'domain', in: 'path' });
  });
});

describe('HTTP behaviour', () => {
  it('tags answers with the data version and answers 304 to a matching If-None-Match', async () => {
    const first = await t.app.request('/api/v1/summary');
    const etag = first.headers.get('etag');
    expect(etag).toBe(`W/"${t.source.current()?.version}"`);
    expect(first.headers.get('cache-control')).toBe('public, no-cache');
    expect(first.headers.get('x-data-as-of')).toBe(D3);
    const again = await t.app.request('/api/v1/summary', { headers: { 'If-None-Match': etag! } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const other = await t.app.request('/api/v1/summary', { headers: { 'If-None-Match': 'W/"another"' } });
    expect(other.status).toBe(200);
  });

  it('allows any origin to GET, and answers preflight', async () => {
    const res = await t.app.request('/api/v1/software', { headers: { Origin: 'https://example.net' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toMatch(/ETag/);
    const preflight = await t.app.request('/api/v1/software', {
      method: 'OPTIONS',
      headers: { Origin: 'https://example.net', 'Access-Control-Request-Method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/GET/);
  });

  it('compresses when the client accepts it', async () => {
    const res = await t.app.request('/api/v1/weekly', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const body = JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'));
    expect(body.weeks).toHaveLength(84);
    const refused = await t.app.request('/api/v1/weekly', { headers: { 'Accept-Encoding': 'gzip;q=0, identity' } });
    expect(refused.headers.get('content-encoding')).toBeNull();
    expect((await refused.json()).weeks).toHaveLength(84);
  });

  it('answers unknown routes with a 404 problem', async () => {
    for (const url of ['/api/v1/nothing-here', '/api/nothing', '/api/v2/summary']) {
      const { status, headers, body } = await getJson(t.app, url);
      expect(status, url).toBe(404);
      expect(headers.get('content-type')).toBe('application/problem+json');
      expect(body).toMatchObject({ type: '/api/docs#problem-not-found', title: 'Not found', status: 404, instance: url });
      expect(body.detail).toMatch(/no such resource/);
    }
  });

  it('answers another method on an endpoint with 405 and Allow, and OPTIONS as a preflight', async () => {
    for (const [method, url] of [['POST', '/api/v1/summary'], ['DELETE', '/api/v1/servers/masto.example.org'], ['PUT', '/api/openapi.json'], ['PATCH', '/api/v1/']]) {
      const res = await t.app.request(url!, { method });
      expect(res.status, `${method} ${url}`).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      expect(await res.json()).toMatchObject({ type: '/api/docs#problem-method-not-allowed', status: 405 });
    }
    expect((await t.app.request('/api/v1/nothing-here', { method: 'POST' })).status).toBe(404);
    expect((await t.app.request('/api/v1/summary', { method: 'HEAD' })).status).toBe(200);
  });

  it('answers /api/ and /api/v1/ with an index of every endpoint', async () => {
    const doc = (await getJson(t.app, '/api/openapi.json')).body;
    const operations = Object.entries(doc.paths as Record<string, Record<string, { operationId: string }>>).flatMap(([path, ops]) =>
      Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, operationId: op.operationId })),
    );
    for (const url of ['/api/', '/api/v1/']) {
      const { status, body } = await getJson(t.app, url);
      expect(status, url).toBe(200);
      expect(body).toMatchObject({ openapi: '/api/openapi.json', docs: '/api/docs' });
      expect(body.endpoints.map((e: { method: string; path: string; operationId: string }) => ({ method: e.method, path: e.path, operationId: e.operationId }))).toEqual(operations);
      expect(body.endpoints.map((e: { path: string }) => e.path)).toContain('/api/v1/days');
    }
    for (const url of ['/api/', '/api/v1/']) expect((await t.app.request(url.slice(0, -1))).headers.get('location')).toBe(url);
  });
});

describe('the static site', () => {
  it('is served at / when its directory exists, after the API routes', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const path = await import('node:path');
    const { createApp } = await import('../../api/app.ts');
    const { silent } = await import('./harness.ts');
    const site = await mkdtemp(path.join(tmpdir(), 'fedicensus-site-'));
    try {
      await writeFile(path.join(site, 'index.html'), '<h1>census</h1>');
      const app = createApp({ source: t.source, logger: silent, siteDir: site });
      expect(await (await app.request('/')).text()).toBe('<h1>census</h1>');
      expect((await app.request('/api/v1/software')).status).toBe(200);
      expect((await app.request('/missing.html')).status).toBe(404);
      const absent = createApp({ source: t.source, logger: silent, siteDir: path.join(site, 'nope') });
      expect((await absent.request('/')).status).toBe(404);
    } finally {
      await rm(site, { recursive: true, force: true });
    }
  });
});

describe('conventions', () => {
  it('carries the continuation of a paginated CSV in a Link header, as the JSON carries next_cursor', async () => {
    const rows: string[] = [];
    let url: string | null = '/api/v1/servers?limit=2&sort=domain&format=csv';
    let pages = 0;
    while (url) {
      const res: Response = await t.app.request(url);
      const lines = (await res.text()).trim().split('\r\n');
      expect(lines[0]!.startsWith('domain,')).toBe(true);
      rows.push(...lines.slice(1));
      const link = res.headers.get('link');
      url = link ? /^<([^>]+)>; rel="next"$/.exec(link)![1]! : null;
      if (url) expect(url).toMatch(/format=csv/);
      pages++;
    }
    const all = (await getJson(t.app, '/api/v1/servers?limit=500&sort=domain')).body.servers.map((s: { domain: string }) => s.domain);
    expect(rows.map((r) => r.split(',')[0])).toEqual(all);
    expect(pages).toBe(Math.ceil(all.length / 2));
    const json = await t.app.request('/api/v1/servers?limit=2&sort=domain');
    expect(json.headers.get('link')).toBe(`</api/v1/servers?limit=2&sort=domain&cursor=${(await json.json()).next_cursor}>; rel="next"`);
  });

  it('lists the crawled days with their coverage', async () => {
    const { status, body } = await getJson(t.app, '/api/v1/days');
    expect(status).toBe(200);
    expect(body.days.map((d: { day: string }) => d.day)).toEqual([D1, '2024-01-10', D3]);
    const summary = (await getJson(t.app, `/api/v1/summary?day=${D3}`)).body;
    expect(body.days[2]).toEqual({ day: D3, servers: summary.servers, ...summary.coverage });
    const csv = await (await t.app.request(`/api/v1/days?from=${D3}&format=csv`)).text();
    expect(csv).toBe(`day,servers,known,attempted,ok,disallowed\r\n${D3},${summary.servers},${summary.coverage.known},${summary.coverage.attempted},${summary.coverage.ok},${summary.coverage.disallowed}\r\n`);
  });

  it('answers a software no server has with a 404 naming software, not an empty series', async () => {
    for (const url of ['/api/v1/weekly?software=nosuch', '/api/v1/daily?metric=servers&software=nosuch', '/api/v1/servers?software=nosuch', `/api/v1/change?from=${D1}&to=${D3}&software=nosuch`]) {
      const { status, body } = await getJson(t.app, url);
      expect(status, url).toBe(404);
      expect(body.errors[0].parameter).toBe('software');
    }
  });

  it('answers a change from before the first crawl with a problem naming from, not change 0', async () => {
    const { status, body } = await getJson(t.app, `/api/v1/change?from=2023-01-01&to=${D3}`);
    expect(status).toBe(404);
    expect(body.errors[0]).toMatchObject({ parameter: 'from', in: 'query' });
    expect(body.detail).toMatch(/before the first crawl/);
  });

  it('writes times as RFC 3339 UTC to the second, in JSON and CSV alike', async () => {
    const { body } = await getJson(t.app, '/api/v1/servers?limit=500');
    const times = body.servers.map((s: { created_at: string | null }) => s.created_at).filter(Boolean);
    expect(times.length).toBeGreaterThan(0);
    for (const time of times) expect(time).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const csv = await (await t.app.request('/api/v1/servers?limit=500&format=csv')).text();
    for (const time of times) expect(csv).toContain(`,${time},`);
  });

  it('looks an internationalised name up under its A-labels, whichever way it is written', async () => {
    const unicode = await getJson(t.app, `/api/v1/servers/${encodeURIComponent('bücher.example.org')}`);
    const ascii = await getJson(t.app, '/api/v1/servers/xn--bcher-kva.example.org');
    // The fixture has no such server: both are the same 404, naming the canonical name.
    expect([unicode.status, ascii.status]).toEqual([404, 404]);
    expect(unicode.body.detail).toBe('the census has never seen xn--bcher-kva.example.org');
    expect(unicode.body.detail).toBe(ascii.body.detail);
  });
});

describe('read-only outside the API too', () => {
  it('answers another method on the datasets or the site with 405 and Allow', async () => {
    for (const url of ['/data/', '/data/index.json', '/index.html', '/']) {
      const res = await t.app.request(url, { method: 'DELETE' });
      expect(res.status, url).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
      expect(res.headers.get('content-type')).toBe('application/problem+json');
    }
  });
});

// Every kind of bad client input gets an RFC 9457 problem (application/problem+json) naming the parameter in a
// sentence a person can act on, never a 500.
import { describe, expect, it } from 'vitest';
import { encodeCursor } from '../../../api/routes/servers.ts';
import { getJson, testAppForFile } from '../harness.ts';

const t = testAppForFile();

const long = 'x'.repeat(5000);
const domainCursor = encodeCursor({ sort: 'domain', key: 'a.example', domain: 'a.example' });

const BAD: readonly (readonly [url: string, parameter: string])[] = [
  ['/api/v1/summary?day=yesterday', 'day'],
  ['/api/v1/summary?day=2024-13-01', 'day'],
  ['/api/v1/summary?day=2024-02-30', 'day'],
  ['/api/v1/summary?day=2024-1-1', 'day'],
  [`/api/v1/summary?day=2024-01-01${long}`, 'day'],
  ['/api/v1/weekly?from=2024-02-01&to=2024-01-01', 'from'],
  ['/api/v1/weekly?from=%ZZ', 'from'],
  ['/api/v1/weekly?software=drop%20table%20servers', 'software'],
  [`/api/v1/weekly?software=${long}`, 'software'],
  ['/api/v1/weekly?format=xml', 'format'],
  ['/api/v1/daily', 'metric'],
  ['/api/v1/daily?metric=users', 'metric'],
  ['/api/v1/daily?metric=servers&to=2024-01-32', 'to'],
  ['/api/v1/servers?limit=0', 'limit'],
  ['/api/v1/servers?limit=abc', 'limit'],
  ['/api/v1/servers?limit=1.5', 'limit'],
  ['/api/v1/servers?limit=100000', 'limit'],
  ['/api/v1/servers?sort=random', 'sort'],
  ['/api/v1/servers?cursor=!!!', 'cursor'],
  ['/api/v1/servers?cursor=bm90LWpzb24', 'cursor'],
  [`/api/v1/servers?cursor=${domainCursor}`, 'cursor'],
  [`/api/v1/servers?cursor=${long}`, 'cursor'],
  ['/api/v1/servers/not_a_domain', 'domain'],
  ['/api/v1/servers/localhost', 'domain'],
  ['/api/v1/servers/a-.example.org', 'domain'],
  ['/api/v1/servers/user@example.org', 'domain'],
  ['/api/v1/change?from=2024-01-01&to=2024-01-10&format=csv', 'format'],
  ['/api/v1/definitions?format=csv', 'format'],
  ['/api/v1/servers/-bad-.example.org', 'domain'],
  [`/api/v1/servers/${'a'.repeat(300)}.org`, 'domain'],
  ['/api/v1/servers/%E0%A4%A', 'domain'],
  ['/api/v1/servers/example.org?format=pdf', 'format'],
];

describe('bad parameters', () => {
  it.each(BAD)('%s -> 400 naming %s', async (url, parameter) => {
    const { status, headers, body } = await getJson(t.app, url.slice(0, 2000));
    expect(status).toBe(400);
    expect(headers.get('content-type')).toBe('application/problem+json');
    expect(body).toMatchObject({ type: '/api/docs#problem-invalid-parameter', title: 'A parameter is not valid', status: 400 });
    expect(body.instance).toBe(new URL(url.slice(0, 2000), 'http://localhost').pathname + new URL(url.slice(0, 2000), 'http://localhost').search);
    expect(body.detail).toContain(parameter);
    const named = body.errors.find((e: { parameter: string }) => e.parameter === parameter);
    expect(named.detail.startsWith(`${parameter} `), named.detail).toBe(true);
    // Sentences for people, not zod's wording.
    expect(body.detail).not.toMatch(/expected|received|Invalid input|Too (big|small)/);
  });

  it('names every bad parameter of a request', async () => {
    const { body } = await getJson(t.app, '/api/v1/daily?metric=nope&from=never&software=%25');
    expect(new Set(body.errors.map((i: { parameter: string }) => i.parameter))).toEqual(new Set(['metric', 'from', 'software']));
  });

  it.each([
    ['/api/v1/daily?metric=servers&from=2024-1-1', 'from must be a date, YYYY-MM-DD'],
    ['/api/v1/daily', 'metric is required'],
    ['/api/v1/daily?metric=users', 'metric must be one of users_total, users_active_month, local_posts, servers'],
    ['/api/v1/servers?limit=abc', 'limit must be a whole number from 1 to 500'],
    ['/api/v1/servers?limit=0', 'limit must be at least 1'],
    ['/api/v1/weekly?from=2024-02-01&to=2024-01-01', 'from must not be after to (2024-02-01 is after 2024-01-01)'],
    ['/api/v1/servers/-odd-.example.org', 'domain must be a server name, e.g. mastodon.social: a part between dots may neither start nor end with a hyphen'],
    ['/api/v1/summary?format=csv', 'format must be json: this answer is one record, not rows (format=csv is offered where an answer is rows)'],
  ])('%s says "%s"', async (url, detail) => {
    const { status, body } = await getJson(t.app, url);
    expect(status).toBe(400);
    expect(body.detail).toBe(detail);
  });

  it('ignores parameters it does not know (cache busters), rather than failing', async () => {
    expect((await getJson(t.app, '/api/v1/summary?_=12345')).status).toBe(200);
  });
});

describe('no census yet', () => {
  it('answers a 503 problem with Retry-After until something is published', async () => {
    const { CensusSource } = await import('../../../api/census-source.ts');
    const { createApp } = await import('../../../api/app.ts');
    const { silent, noTimers } = await import('../harness.ts');
    const source = await CensusSource.start({ publishDir: null, dbPath: null, logger: silent, timers: noTimers });
    const app = createApp({ source, logger: silent });
    const { status, headers, body } = await getJson(app, '/api/v1/summary');
    expect(status).toBe(503);
    expect(headers.get('retry-after')).toBe('30');
    expect(headers.get('content-type')).toBe('application/problem+json');
    expect(body).toMatchObject({ type: '/api/docs#problem-no-census', status: 503, instance: '/api/v1/summary' });
    expect(body.detail).toMatch(/no census/);
    await source.close();
  });
});

describe('never a 500 for client input', () => {
  it.each([
    '/api/v1/summary?day=%E0%A4%A',
    '/api/v1/servers/%00',
    `/api/v1/servers/${encodeURIComponent('λ'.repeat(300))}.zone`,
    `/api/v1/servers/${encodeURIComponent('ß.😀.example.org')}`,
    '/api/v1/servers/xn--.example.org',
    '/api/v1/weekly?from=2024-01-01&from=2024-02-01',
    '/api/v1/servers?cursor=' + Buffer.from(JSON.stringify(['users_total', 'x', 'y'])).toString('base64url'),
    '/api/v1/servers?limit=1e3',
    '/api/v1/servers?limit=-0',
    '/api/v1/daily?metric=__proto__',
    '/api/v1/summary?day=0000-00-00',
    '/api/v1/change?from=9999-12-31&to=9999-12-31',
    '/api/v1/days?from=0001-01-01',
  ])('%s', async (url) => {
    const res = await t.app.request(url);
    expect(res.status, url).toBeLessThan(500);
    if (res.status >= 400) expect(res.headers.get('content-type')).toBe('application/problem+json');
  });
});

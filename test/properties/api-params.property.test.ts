// Property tests of the API's parameter parsing (api/http/params.ts and the routes): whatever a client
// sends, in any parameter, raw or percent-encoded, the answer is never a 5xx; every bad value is a 400
// naming the parameter; a good value is answered.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCalendarDay } from '../../api/metrics/dates.ts';
import { testAppForFile } from '../api/harness.ts';

const t = testAppForFile();
const RUNS = 400;

const ENDPOINTS = ['/api/v1/summary', '/api/v1/weekly', '/api/v1/daily', '/api/v1/change', '/api/v1/anomalies', '/api/v1/software', '/api/v1/servers', '/api/v1/definitions'];
const PARAMS = ['day', 'from', 'to', 'software', 'anomalies', 'format', 'metric', 'kind', 'sort', 'limit', 'cursor', 'x'];

/** A parameter value: plausible, absurd, or raw bytes a URL should not hold (a lone '%', say). */
const value = fc.oneof(
  fc.constantFrom('2024-01-10', '2024-01-03', '1000-01-01', '9999-12-31', '2024-02-30', '2024-1-3', 'csv', 'json', 'mastodon', 'users_total', 'include', '0', '-1', '500', '501', '1e2', '%', '%E0%A4%A', '%00', ''),
  fc.string({ maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.string({ unit: 'binary', maxLength: 20 }),
  fc.string({ minLength: 300, maxLength: 2000 }),
);
const encoded = fc.tuple(value, fc.boolean()).map(([v, raw]) => (raw ? v.replace(/[&#\s]/g, '') : encodeURIComponent(v)));
const query = fc.array(fc.tuple(fc.constantFrom(...PARAMS), encoded), { maxLength: 5 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&'));

async function status(url: string): Promise<{ status: number; body: any; type: string }> {
  const res = await t.app.request(url);
  const text = await res.text();
  const type = res.headers.get('content-type') ?? '';
  return { status: res.status, type, body: type.includes('json') && text ? JSON.parse(text) : text };
}

describe('API parameters', () => {
  it('never answer a 5xx, whatever the endpoint and parameters; errors are JSON', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ENDPOINTS), query, async (endpoint, q) => {
        const res = await status(`${endpoint}?${q}`);
        expect(res.status, `${endpoint}?${q}`).toBeLessThan(500);
        expect([200, 400, 404]).toContain(res.status);
        if (res.status >= 400) expect(res.type).toMatch(/json/);
      }),
      { numRuns: RUNS },
    );
  });

  it('answer a 400 naming from/to for every value that is not a calendar day, and 200 for every one that is', async () => {
    const day = fc.oneof(value, fc.date({ min: new Date('0001-01-01'), max: new Date('9999-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('/api/v1/weekly', '/api/v1/daily?metric=servers&'), fc.constantFrom('from', 'to'), day, async (endpoint, name, v) => {
        const url = `${endpoint}${endpoint.endsWith('&') ? '' : '?'}${name}=${encodeURIComponent(v)}`;
        const res = await status(url);
        if (isCalendarDay(v)) expect(res.status, url).toBe(200);
        else {
          expect(res.status, url).toBe(400);
          expect(JSON.stringify(res.body)).toContain(name);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('answer a 400 for every limit that is not a whole number from 1 to 500', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(value, fc.integer({ min: -1000, max: 1000 }).map(String), fc.double().map(String)), async (v) => {
        const res = await status(`/api/v1/servers?limit=${encodeURIComponent(v)}`);
        const n = Number(v);
        expect(res.status, v).toBe(Number.isInteger(n) && n >= 1 && n <= 500 ? 200 : 400);
      }),
      { numRuns: RUNS },
    );
  });

  it('answer a 400 or a 404 for any server name, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(value, fc.domain()), async (v) => {
        const res = await status(`/api/v1/servers/${encodeURIComponent(v)}`);
        expect([200, 400, 404]).toContain(res.status);
      }),
      { numRuns: RUNS },
    );
  });
});

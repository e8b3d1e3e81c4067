// Data answers leave the app as the bytes the memo holds. @hono/node-server writes such a response with one
// end(bytes); Hono re-wraps a response around its body as a stream when middleware calls c.header() after the
// handler or touches c.res before it, which cost a 37 KB weekly answer a third of its throughput
// (docs/benchmarks.md, "API"). This checks the property with the server's own Response class installed, as
// it is in production (serve() installs it globally).
import { getRequestListener } from '@hono/node-server';
import { beforeAll, describe, expect, it } from 'vitest';
import { testAppForFile } from './harness.ts';

const t = testAppForFile();

/** The [status, body, headers] node-server keeps for a response it can write directly, if it still has it. */
function directBody(res: Response): unknown {
  const cache = Object.getOwnPropertySymbols(res).find((s) => s.description === 'cache');
  return cache ? (res as unknown as Record<symbol, unknown[]>)[cache]?.[1] : undefined;
}

beforeAll(() => {
  getRequestListener(() => new Response(null)); // installs node-server's Request and Response globally
});

describe('data answers through the middleware', () => {
  for (const [name, path, headers] of [
    ['weekly', '/api/v1/weekly', {}],
    ['weekly, gzip', '/api/v1/weekly', { 'Accept-Encoding': 'gzip' }],
    ['summary, from an Origin', '/api/v1/summary', { Origin: 'https://news.example' }],
    ['a series as CSV', '/api/v1/daily?metric=users_total&format=csv', {}],
  ] as const) {
    it(`keeps the body as bytes, with the common headers: ${name}`, async () => {
      const res = await t.app.request(path, { headers });
      expect(res.status).toBe(200);
      expect(directBody(res)).toBeInstanceOf(Uint8Array);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(res.headers.get('access-control-expose-headers')).toBe('ETag,X-Data-Version,X-Data-As-Of,Link');
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
    });
  }

  it('leaves the other answers unwrapped too, with the common headers', async () => {
    for (const path of ['/api/v1/definitions', '/api/openapi.json', '/api/v1/summary?day=not-a-day']) {
      const res = await t.app.request(path);
      expect(typeof directBody(res), path).toBe('string');
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
      expect(res.headers.get('vary'), path).toBe('Accept-Encoding');
    }
  });

  it('still answers a CORS preflight', async () => {
    const res = await t.app.request('/api/v1/summary', {
      method: 'OPTIONS',
      headers: { Origin: 'https://news.example', 'Access-Control-Request-Method': 'GET' },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,HEAD,OPTIONS');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });
});

// The polite session against a real local HTTPS server: the server's own record of what it was asked is the
// evidence (only /robots.txt, one request at a time, at most 12, the User-Agent it saw, ...).
import { describe, expect, it } from 'vitest';
import { retryAfterMs } from '../../../crawler/net/session.ts';
import { readPackageVersion } from '../../../crawler/net/user-agent.ts';
import { parseConnectTo } from '../../../crawler/net/connect-to.ts';
import { fakeTime, json, type Handler } from './https-server.ts';
import { DOMAIN, useHarness } from './harness.ts';

const { server, session, dispatcher: newDispatcher } = useHarness();

const okJson: Handler = (_req, res) => json(res, { ok: true });

describe('HostSession basics', () => {
  it('fetches robots.txt first, then the document, with the fedicensus User-Agent', async () => {
    const s = await server(okJson);
    const result = await session(s).getJson('/.well-known/nodeinfo');
    expect(result).toEqual({ ok: true, status: 200, url: `https://${DOMAIN}/.well-known/nodeinfo`, body: { ok: true } });
    expect(s.paths()).toEqual(['/robots.txt', '/.well-known/nodeinfo']);
    const version = readPackageVersion();
    expect(version).toMatch(/^\d+\.\d+\.\d+/);
    for (const r of s.seen) {
      expect(r.userAgent).toBe(`fedicensus/${version} (+https://github.com/fedicensus/fedicensus)`);
    }
  });

  it('reports a non-2xx status as kind http with the path', async () => {
    const s = await server((req, res) => (req.url === '/nodeinfo/2.0' ? json(res, {}, 503) : json(res, {})));
    const result = await session(s).getJson('/nodeinfo/2.0');
    expect(result).toEqual({ ok: false, kind: 'http', status: 503, message: 'HTTP 503 on /nodeinfo/2.0' });
  });

  it.each([
    ['text/html', '<html>parked</html>', 'HTML'],
    ['application/json', '  <!doctype html>', 'HTML'],
    ['application/json', '{"links": [', 'not JSON'],
    ['application/json', '', 'empty body'],
  ])('getJson refuses %s %j as invalid (%s)', async (type, body, reason) => {
    const s = await server((req, res) => {
      res.writeHead(200, { 'content-type': req.url === '/robots.txt' ? 'text/plain' : type });
      res.end(req.url === '/robots.txt' ? '' : body);
    });
    const result = await session(s).getJson('/x');
    expect(result).toEqual({ ok: false, kind: 'invalid', message: `${reason} on /x` });
  });

  it('getText returns the body as text, HTML included', async () => {
    const s = await server((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<p>hi</p>');
    });
    const result = await session(s).getText('/about');
    expect(result).toMatchObject({ ok: true, body: '<p>hi</p>' });
  });

  it('POSTs a JSON body (Misskey API)', async () => {
    const s = await server(okJson);
    const result = await session(s).getJson('/api/federation/instances', { method: 'POST', json: { limit: 100, offset: 0 } });
    expect(result.ok).toBe(true);
    const post = s.seen.find((r) => r.path === '/api/federation/instances');
    expect(post).toMatchObject({ method: 'POST', contentType: 'application/json', body: '{"limit":100,"offset":0}' });
  });

  it('keeps a path starting with // on the server', async () => {
    const s = await server(okJson);
    const result = await session(s).getJson('//evil.example/x');
    expect(result.ok).toBe(true);
    expect(s.paths(true)).toEqual([`${DOMAIN} /robots.txt`, `${DOMAIN} //evil.example/x`]);
  });

  it('refuses http:// URLs without a request', async () => {
    const s = await server(okJson);
    const result = await session(s).getJson(`http://${DOMAIN}/nodeinfo/2.0`);
    expect(result).toMatchObject({ ok: false, kind: 'invalid' });
    expect(s.seen).toEqual([]);
  });
});

describe('HostSession limits', () => {
  it('sends one request at a time even when callers fire several at once', async () => {
    const s = await server((_req, res) => void setTimeout(() => json(res, {}), 20));
    // Control: the dispatcher alone (8 connections) does let the server see parallel requests.
    const dispatcher = newDispatcher({ connectTo: [parseConnectTo(`::127.0.0.1:${s.port}`)], connections: 8 });
    await Promise.all(
      [1, 2, 3, 4].map((i) => dispatcher.request({ origin: `https://${DOMAIN}`, path: `/control/${i}`, method: 'GET' }).then((r) => r.body.dump())),
    );
    expect(s.maxConcurrent).toBeGreaterThan(1);

    const t = await server((_req, res) => void setTimeout(() => json(res, {}), 20));
    const sess = session(t, {}, { connections: 8 });
    const results = await Promise.all([1, 2, 3, 4, 5].map((i) => sess.getJson(`/api/${i}`)));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(t.maxConcurrent).toBe(1);
    expect(t.paths()).toEqual(['/robots.txt', '/api/1', '/api/2', '/api/3', '/api/4', '/api/5']);
  });

  it('stops at 12 requests per server, robots.txt included', async () => {
    const s = await server(okJson);
    const sess = session(s);
    const results = [];
    for (let i = 0; i < 14; i++) results.push(await sess.getJson(`/p/${i}`));
    expect(results.filter((r) => r.ok)).toHaveLength(11);
    expect(results[11]).toEqual({ ok: false, kind: 'budget', message: 'request cap of 12 reached before /p/11' });
    expect(s.seen).toHaveLength(12);
    expect(sess.requestCount).toBe(12);
  });

  it('fails with too_large when Content-Length is over the cap, without reading it', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(300 * 1024) });
      res.end(Buffer.alloc(300 * 1024, 0x20));
    });
    const result = await session(s).getJson('/nodeinfo/2.0');
    expect(result).toEqual({ ok: false, kind: 'too_large', message: `body over ${256 * 1024} bytes on /nodeinfo/2.0` });
  });

  it('enforces the cap while streaming a body of unknown length, and honours a larger maxBytes', async () => {
    const big = JSON.stringify(Array.from({ length: 40_000 }, (_, i) => `peer${i}.example`)); // ~700 KB
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      res.writeHead(200, { 'content-type': 'application/json' }); // chunked, no Content-Length
      for (let i = 0; i < big.length; i += 16_384) res.write(big.slice(i, i + 16_384));
      res.end();
    });
    const sess = session(s);
    expect(await sess.getJson('/api/v1/instance/peers')).toMatchObject({ ok: false, kind: 'too_large' });
    const peers = await sess.getJson('/api/v1/instance/peers', { maxBytes: 16 * 1024 * 1024 });
    expect(peers.ok && (peers.body as unknown[]).length).toBe(40_000);
  });

  it('aborts a hanging request when the time budget runs out', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      // Never answers.
    });
    // Dispatcher timeouts far beyond the budget: only the session's deadline can end this.
    // The budget is kept small but roomy enough that robots.txt (TLS handshake included) fits even on a busy machine.
    const sess = session(s, { timeoutMs: 1500 }, { headersTimeoutMs: 60_000, bodyTimeoutMs: 60_000 });
    const result = await sess.getJson('/nodeinfo/2.0');
    expect(result).toEqual({ ok: false, kind: 'timeout', message: 'time budget of 1500 ms ran out on /nodeinfo/2.0' });
  }, 15_000);

  it('aborts a body that stalls mid-way when the time budget runs out', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"links": ['); // ... and nothing more
    });
    const sess = session(s, { timeoutMs: 1500 }, { headersTimeoutMs: 60_000, bodyTimeoutMs: 60_000 });
    expect(await sess.getJson('/.well-known/nodeinfo')).toEqual({
      ok: false,
      kind: 'timeout',
      message: 'time budget of 1500 ms ran out on /.well-known/nodeinfo',
    });
  }, 15_000);

  it('stops when the crawl cancels the session', async () => {
    const controller = new AbortController();
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      controller.abort(); // and never answer
    });
    const sess = session(s, { signal: controller.signal }, { headersTimeoutMs: 60_000 });
    expect(await sess.getJson('/x')).toEqual({ ok: false, kind: 'timeout', message: 'cancelled on /x' });
  }, 15_000);

  it('maps a headers timeout to kind timeout', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
    });
    const sess = session(s, { timeoutMs: 30_000 }, { headersTimeoutMs: 1000 });
    expect(await sess.getJson('/x')).toEqual({ ok: false, kind: 'timeout', message: 'headers timeout on /x' });
  }, 15_000);
});

describe('HostSession and 429', () => {
  it('waits Retry-After and retries once', async () => {
    let attempts = 0;
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      if (++attempts === 1) {
        res.writeHead(429, { 'retry-after': '2' });
        res.end();
        return;
      }
      json(res, { n: attempts });
    });
    const time = fakeTime();
    const result = await session(s, { now: time.now, sleep: time.sleep }).getJson('/api/v1/instance');
    expect(result).toMatchObject({ ok: true, body: { n: 2 } });
    expect(time.sleeps).toEqual([2000]);
    expect(s.paths()).toEqual(['/robots.txt', '/api/v1/instance', '/api/v1/instance']);
  });

  it('retries only once', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      res.writeHead(429, { 'retry-after': '1' });
      res.end();
    });
    const time = fakeTime();
    const result = await session(s, { now: time.now, sleep: time.sleep }).getJson('/api/v1/instance');
    expect(result).toEqual({ ok: false, kind: 'http', status: 429, message: 'HTTP 429 on /api/v1/instance' });
    expect(s.paths()).toEqual(['/robots.txt', '/api/v1/instance', '/api/v1/instance']);
  });

  it.each([
    ['a Retry-After beyond the budget', { 'retry-after': '3600' }],
    ['no Retry-After', {}],
  ])('does not retry with %s', async (_name, headers) => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      res.writeHead(429, headers);
      res.end();
    });
    const time = fakeTime();
    const result = await session(s, { now: time.now, sleep: time.sleep }).getJson('/api/v1/instance');
    expect(result).toMatchObject({ ok: false, kind: 'http', status: 429 });
    expect(time.sleeps).toEqual([]);
    expect(s.paths()).toEqual(['/robots.txt', '/api/v1/instance']);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2025-06-01T00:00:00Z');
    expect(retryAfterMs('120', now)).toBe(120_000);
    expect(retryAfterMs('Sun, 01 Jun 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs('Sat, 31 May 2025 00:00:00 GMT', now)).toBe(0);
    expect(retryAfterMs('soon', now)).toBeUndefined();
    expect(retryAfterMs(undefined, now)).toBeUndefined();
  });
});

// robots.txt: decisions (units) and what the server sees when a session obeys them (integration).
import { describe, expect, it } from 'vitest';
import {
  parseRobotsPolicy,
  robotsPolicyFromFailure,
  robotsPolicyFromResponse,
} from '../../../crawler/net/robots.ts';
import { fakeTime, json, redirect, type Handler } from './https-server.ts';
import { DOMAIN, useHarness } from './harness.ts';

const { server, session } = useHarness();
const ORIGIN = `https://${DOMAIN}`;

function robots(text: string, status = 200): Handler {
  return (req, res) => {
    if (req.url !== '/robots.txt') return json(res, { ok: true });
    res.writeHead(status, { 'content-type': 'text/plain' });
    res.end(text);
  };
}

describe('robots policy', () => {
  const at = (path: string) => new URL(path, ORIGIN);

  it('prefers the fedicensus group over *', () => {
    const policy = parseRobotsPolicy(ORIGIN, 'User-agent: *\nDisallow: /\n\nUser-agent: fedicensus\nAllow: /\n');
    expect(policy.isAllowed(at('/nodeinfo/2.0'))).toBe(true);
  });

  it('falls back to * and matches paths (GoToSocial default)', () => {
    const policy = parseRobotsPolicy(ORIGIN, 'User-agent: *\nDisallow: /nodeinfo/\nDisallow: /api/\nCrawl-delay: 500\n');
    expect(policy.isAllowed(at('/nodeinfo/2.0'))).toBe(false);
    expect(policy.isAllowed(at('/api/v1/instance'))).toBe(false);
    expect(policy.isAllowed(at('/.well-known/nodeinfo'))).toBe(true);
    expect(policy.crawlDelayMs).toBe(500_000);
  });

  it('maps robots.txt statuses per RFC 9309', () => {
    expect(robotsPolicyFromResponse(ORIGIN, { status: 404, text: '' })).toMatchObject({ source: 'no robots.txt (HTTP 404)' });
    expect(robotsPolicyFromResponse(ORIGIN, { status: 503, text: '' })).toEqual({
      ok: false,
      kind: 'unreachable',
      status: 503,
      message: 'robots.txt answered 503 (5xx: all disallowed)',
    });
    expect(robotsPolicyFromResponse(ORIGIN, { status: 429, text: '' })).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(robotsPolicyFromFailure({ ok: false, kind: 'timeout', message: 'connect timeout on /robots.txt' })).toEqual({
      ok: false,
      kind: 'timeout',
      message: 'connect timeout on /robots.txt',
    });
    expect(robotsPolicyFromFailure({ ok: false, kind: 'unreachable', message: 'TLS: certificate has expired' })).toEqual({
      ok: false,
      kind: 'unreachable',
      message: 'robots.txt: TLS: certificate has expired',
    });
    expect(robotsPolicyFromFailure({ ok: false, kind: 'invalid', message: 'redirect loop at /robots.txt' })).toMatchObject({
      crawlDelayMs: undefined,
    });
  });
});

describe('HostSession and robots.txt', () => {
  it.each([
    ['fedicensus', 'User-agent: fedicensus\nDisallow: /\n\nUser-agent: *\nAllow: /\n'],
    ['*', 'User-agent: *\nDisallow: /\n'],
  ])('a disallow for %s means the server sees only /robots.txt', async (_who, text) => {
    const s = await server(robots(text));
    const sess = session(s);
    const result = await sess.getJson('/.well-known/nodeinfo');
    expect(result).toEqual({ ok: false, kind: 'disallowed', message: 'robots.txt disallows /.well-known/nodeinfo' });
    expect(await sess.getJson('/nodeinfo/2.0')).toMatchObject({ ok: false, kind: 'disallowed' });
    expect(s.paths()).toEqual(['/robots.txt']);
  });

  it('a 4xx robots.txt allows everything', async () => {
    const s = await server(robots('', 404));
    expect(await session(s).getJson('/nodeinfo/2.0')).toMatchObject({ ok: true });
    expect(s.paths()).toEqual(['/robots.txt', '/nodeinfo/2.0']);
  });

  it('a 5xx robots.txt stops the host, and is not asked twice', async () => {
    const s = await server(robots('', 503));
    const sess = session(s);
    const result = await sess.getJson('/.well-known/nodeinfo');
    expect(result).toEqual({ ok: false, kind: 'unreachable', status: 503, message: 'robots.txt answered 503 (5xx: all disallowed)' });
    expect(await sess.getJson('/nodeinfo/2.0')).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(s.paths()).toEqual(['/robots.txt']);
  });

  it('follows a same-host redirect for robots.txt', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return redirect(res, '/static/robots.txt', 301);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(req.url === '/static/robots.txt' ? 'User-agent: *\nDisallow: /\n' : '{}');
    });
    expect(await session(s).getJson('/.well-known/nodeinfo')).toMatchObject({ ok: false, kind: 'disallowed' });
    expect(s.paths()).toEqual(['/robots.txt', '/static/robots.txt']);
  });

  it('checks robots.txt of a subdomain before fetching from it', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt' && req.headers.host === `sub.${DOMAIN}`) {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('User-agent: fedicensus\nDisallow: /private\n');
      }
      if (req.url === '/robots.txt') return json(res, {}, 404);
      json(res, { host: req.headers.host });
    });
    const sess = session(s);
    expect(await sess.getJson(`https://sub.${DOMAIN}/nodeinfo/2.1`)).toMatchObject({ ok: true, body: { host: `sub.${DOMAIN}` } });
    expect(await sess.getJson(`https://sub.${DOMAIN}/private`)).toEqual({
      ok: false,
      kind: 'disallowed',
      message: `robots.txt disallows https://sub.${DOMAIN}/private`,
    });
    expect(await sess.getJson('/private')).toMatchObject({ ok: true });
    expect(s.paths(true)).toEqual([
      `sub.${DOMAIN} /robots.txt`,
      `sub.${DOMAIN} /nodeinfo/2.1`,
      `${DOMAIN} /robots.txt`,
      `${DOMAIN} /private`,
    ]);
  });

  it('waits Crawl-delay between requests to the host', async () => {
    const s = await server(robots('User-agent: *\nCrawl-delay: 5\n'));
    const time = fakeTime();
    const sess = session(s, { now: time.now, sleep: time.sleep, timeoutMs: 60_000 });
    expect(await sess.getJson('/a')).toMatchObject({ ok: true });
    expect(await sess.getJson('/b')).toMatchObject({ ok: true });
    expect(time.sleeps).toEqual([5000, 5000]);
  });

  it('treats a Crawl-delay that does not fit in the budget as disallowed, without requesting', async () => {
    const s = await server(robots('User-agent: *\nDisallow: /api/\nCrawl-delay: 500\n'));
    const time = fakeTime();
    const sess = session(s, { now: time.now, sleep: time.sleep, timeoutMs: 30_000 });
    const result = await sess.getJson('/.well-known/nodeinfo');
    expect(result).toEqual({
      ok: false,
      kind: 'disallowed',
      message: 'Crawl-delay of 500 s does not fit in the time budget before /.well-known/nodeinfo',
    });
    expect(time.sleeps).toEqual([]);
    expect(s.paths()).toEqual(['/robots.txt']);
  });

  it('keeps only the first 500 KiB of a huge robots.txt instead of failing', async () => {
    const filler = '# padding\n'.repeat(60_000); // 600 KB
    const s = await server(robots(`User-agent: *\nDisallow: /nodeinfo/\n${filler}Disallow: /\n`));
    const sess = session(s);
    expect(await sess.getJson('/.well-known/nodeinfo')).toMatchObject({ ok: true });
    expect(await sess.getJson('/nodeinfo/2.0')).toMatchObject({ ok: false, kind: 'disallowed' });
  });
});

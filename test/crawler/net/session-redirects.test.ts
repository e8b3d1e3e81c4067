// Redirects: same host, https, at most 5, no loops; every hop counted, checked against robots.txt and connected
// through the guarded connector.
import { describe, expect, it } from 'vitest';
import { parseConnectTo } from '../../../crawler/net/connect-to.ts';
import type { Lookup } from '../../../crawler/net/dispatcher.ts';
import { json, redirect } from './https-server.ts';
import { DOMAIN, useHarness } from './harness.ts';

const { server, session } = useHarness();

/** /rN redirects to /r(N+1) until `last`, which answers JSON. */
function chain(last: number) {
  return server((req, res) => {
    if (req.url === '/robots.txt') return json(res, {}, 404);
    const n = Number(/^\/r(\d+)$/.exec(req.url ?? '')?.[1]);
    if (n < last) return redirect(res, `/r${n + 1}`, [301, 302, 303, 307, 308][n % 5]);
    json(res, { n });
  });
}

describe('HostSession redirects', () => {
  it('follows up to 5 same-host redirects (301, 302, 303, 307, 308)', async () => {
    const s = await chain(5);
    const result = await session(s).getJson('/r0');
    expect(result).toEqual({ ok: true, status: 200, url: `https://${DOMAIN}/r5`, body: { n: 5 } });
    expect(s.paths()).toEqual(['/robots.txt', '/r0', '/r1', '/r2', '/r3', '/r4', '/r5']);
  });

  it('refuses a sixth redirect without following it', async () => {
    const s = await chain(6);
    const result = await session(s).getJson('/r0');
    expect(result).toEqual({ ok: false, kind: 'invalid', message: 'more than 5 redirects from /r0' });
    expect(s.paths()).not.toContain('/r6');
    expect(s.paths()).toHaveLength(7);
  });

  it('detects a redirect loop', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      redirect(res, req.url === '/a' ? '/b' : '/a');
    });
    const result = await session(s).getJson('/a');
    expect(result).toEqual({ ok: false, kind: 'invalid', message: 'redirect loop at /a' });
    expect(s.paths()).toEqual(['/robots.txt', '/a', '/b']);
  });

  it('refuses a redirect to another host without contacting it', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      redirect(res, 'https://evil.social-sim.net/nodeinfo');
    });
    const result = await session(s).getJson('/.well-known/nodeinfo');
    expect(result).toEqual({
      ok: false,
      kind: 'invalid',
      message: 'redirect to another host evil.social-sim.net from /.well-known/nodeinfo',
      status: 302,
      redirectTo: 'evil.social-sim.net',
    });
    expect(s.seen.map((r) => r.host)).toEqual([DOMAIN, DOMAIN]);
  });

  it('refuses a redirect to http://', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      redirect(res, `http://${DOMAIN}/nodeinfo/2.0`);
    });
    const result = await session(s).getJson('/.well-known/nodeinfo');
    expect(result).toMatchObject({ ok: false, kind: 'invalid', message: expect.stringContaining('non-https') });
    expect(s.paths()).toEqual(['/robots.txt', '/.well-known/nodeinfo']);
  });

  it('does not follow a redirect into a path robots.txt disallows', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        return res.end('User-agent: *\nDisallow: /private/\n');
      }
      redirect(res, '/private/nodeinfo');
    });
    const result = await session(s).getJson('/.well-known/nodeinfo');
    expect(result).toEqual({
      ok: false,
      kind: 'disallowed',
      message: 'robots.txt disallows /private/nodeinfo (redirected from /.well-known/nodeinfo)',
    });
    expect(s.paths()).toEqual(['/robots.txt', '/.well-known/nodeinfo']);
  });

  it('does not follow a redirect to the same name on another port: another port is another origin', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return json(res, {}, 404);
      redirect(res, `https://${DOMAIN}:6379/nodeinfo/2.0`, 301);
    });
    const looked: string[] = [];
    const lookup: Lookup = async (name) => (looked.push(name), [{ address: '203.0.113.9', family: 4 }]);
    const sess = session(s, {}, { connectTo: [parseConnectTo(`${DOMAIN}:443:127.0.0.1:${s.port}`)], lookup });
    const result = await sess.getJson('/.well-known/nodeinfo');
    expect(result).toEqual({ ok: false, kind: 'invalid', status: 301, message: `redirect to another port ${DOMAIN}:6379 from /.well-known/nodeinfo` });
    // Not a move of the server's name either.
    expect(!result.ok && result.redirectTo).toBeUndefined();
    expect(looked).toEqual([]);
    expect(s.paths()).toEqual(['/robots.txt', '/.well-known/nodeinfo']);
  });
});

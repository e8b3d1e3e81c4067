// robots.txt redirects (RFC 9309 section 2.3.1.2): followed for at least five hops, across hosts, and the
// final answer applies to the host that was asked; each hop's connection goes through the address guard.
// Issue #12: a robots.txt answering 301 to another host whose robots.txt says `Disallow: /` was treated
// as "no robots.txt", and NodeInfo was crawled.
import { describe, expect, it } from 'vitest';
import { parseConnectTo } from '../../../crawler/net/connect-to.ts';
import type { Lookup } from '../../../crawler/net/dispatcher.ts';
import { DOMAIN, useHarness } from './harness.ts';
import { json, redirect } from './https-server.ts';

const { server, session } = useHarness();

function text(res: import('node:http').ServerResponse, body: string): void {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end(body);
}

describe('robots.txt redirects', () => {
  it('applies a Disallow served by another host that robots.txt redirects to', async () => {
    const s = await server((req, res) => {
      if (req.headers.host === DOMAIN && req.url === '/robots.txt') return redirect(res, 'https://static.cdn-sim.net/robots/foo.txt', 301);
      if (req.headers.host === 'static.cdn-sim.net') return text(res, 'User-agent: *\nDisallow: /\n');
      json(res, { links: [] });
    });
    const result = await session(s).getJson('/.well-known/nodeinfo');
    expect(result).toEqual({ ok: false, kind: 'disallowed', message: 'robots.txt disallows /.well-known/nodeinfo' });
    expect(s.paths(true)).toEqual([`${DOMAIN} /robots.txt`, 'static.cdn-sim.net /robots/foo.txt']);
  });

  it('follows five redirects across hosts and applies what the last answer says', async () => {
    const s = await server((req, res) => {
      const hop = /^h(\d)\.hop-sim\.net$/.exec(req.headers.host ?? '');
      if (req.headers.host === DOMAIN && req.url === '/robots.txt') return redirect(res, 'https://h1.hop-sim.net/robots.txt', 302);
      if (hop && Number(hop[1]) < 5) return redirect(res, `https://h${Number(hop[1]) + 1}.hop-sim.net/robots.txt`, 307);
      if (hop) return text(res, 'User-agent: fedicensus\nDisallow: /.well-known/\n');
      json(res, {});
    });
    const sess = session(s);
    expect(await sess.getJson('/.well-known/nodeinfo')).toMatchObject({ ok: false, kind: 'disallowed' });
    expect(await sess.getJson('/api/v1/instance')).toMatchObject({ ok: true });
    expect(s.paths(true)).toEqual([
      `${DOMAIN} /robots.txt`,
      ...[1, 2, 3, 4, 5].map((n) => `h${n}.hop-sim.net /robots.txt`),
      `${DOMAIN} /api/v1/instance`,
    ]);
  });

  it('treats a sixth redirect as robots.txt unavailable (allowed), as RFC 9309 permits', async () => {
    const s = await server((req, res) => {
      const hop = /^h(\d)\.hop-sim\.net$/.exec(req.headers.host ?? '');
      if (req.headers.host === DOMAIN && req.url === '/robots.txt') return redirect(res, 'https://h1.hop-sim.net/robots.txt');
      if (hop) return redirect(res, `https://h${Number(hop[1]) + 1}.hop-sim.net/robots.txt`);
      json(res, {});
    });
    expect(await session(s).getJson('/.well-known/nodeinfo')).toMatchObject({ ok: true });
    expect(s.paths(true).filter((p) => p.includes('hop-sim'))).toHaveLength(5);
  });

  it('puts every hop through the address guard: a robots.txt redirect to a private address stops the host', async () => {
    const s = await server((req, res) => {
      if (req.url === '/robots.txt') return redirect(res, 'https://internal.corp-sim.net/robots.txt', 301);
      json(res, {});
    });
    const looked: string[] = [];
    const lookup: Lookup = async (name) => (looked.push(name), [{ address: '10.0.0.7', family: 4 }]);
    // Only the server's own name is mapped to the test server; the redirect target resolves through "DNS".
    const sess = session(s, {}, { connectTo: [parseConnectTo(`${DOMAIN}:443:127.0.0.1:${s.port}`)], lookup });
    const result = await sess.getJson('/.well-known/nodeinfo');
    expect(result).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(!result.ok && result.message).toContain('refused address 10.0.0.7 (private) for internal.corp-sim.net');
    expect(looked).toEqual(['internal.corp-sim.net']);
    expect(s.paths()).toEqual(['/robots.txt']);
  });

  it('does not follow a robots.txt redirect to another port or to http://', async () => {
    for (const target of [`https://${DOMAIN}:6379/robots.txt`, 'https://other-sim.net:8443/robots.txt', 'http://other-sim.net/robots.txt']) {
      const s = await server((req, res) => {
        if (req.url === '/robots.txt') return redirect(res, target, 301);
        json(res, {});
      });
      expect(await session(s).getJson('/.well-known/nodeinfo'), target).toMatchObject({ ok: true });
      expect(s.paths(true), target).toEqual([`${DOMAIN} /robots.txt`, `${DOMAIN} /.well-known/nodeinfo`]);
    }
  });
});

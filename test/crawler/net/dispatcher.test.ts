// The guarded connector: refused addresses never get a connection, whatever DNS says; explicit --connect-to
// targets bypass the guard but keep the original host's TLS name; network errors map to precise failures.
import { describe, expect, it } from 'vitest';
import { parseConnectTo } from '../../../crawler/net/connect-to.ts';
import type { Lookup, ResolvedAddress } from '../../../crawler/net/dispatcher.ts';
import { closedPort, json } from './https-server.ts';
import { DOMAIN, useHarness } from './harness.ts';

const { server, session } = useHarness();

function fixedLookup(addresses: readonly ResolvedAddress[], calls: string[] = []): Lookup {
  return async (name) => {
    calls.push(name);
    return addresses;
  };
}

describe('address guard at connect time', () => {
  it.each([
    ['127.0.0.1', 4, 'loopback'],
    ['10.1.2.3', 4, 'private'],
    ['169.254.169.254', 4, 'link-local'],
    ['::1', 6, 'loopback'],
    ['::ffff:10.0.0.1', 6, 'IPv4-mapped private'],
    ['100.64.0.1', 4, 'CGNAT'],
    ['fd00::1', 6, 'unique-local'],
  ])('refuses a name resolving to %s', async (address, family, reason) => {
    const s = await server((_req, res) => json(res, {}));
    const calls: string[] = [];
    // No --connect-to rule: the name goes through the injected lookup and the guard.
    const sess = session(s, { domain: 'evil.social-sim.net' }, { connectTo: [], lookup: fixedLookup([{ address, family }], calls) });
    const result = await sess.getJson('/.well-known/nodeinfo');
    expect(result).toEqual({
      ok: false,
      kind: 'unreachable',
      message: `robots.txt: refused address ${address} (${reason}) for evil.social-sim.net`,
    });
    expect(calls).toEqual(['evil.social-sim.net']);
    expect(s.seen).toEqual([]);
  });

  it('refuses a name when any of its addresses is private', async () => {
    const s = await server((_req, res) => json(res, {}));
    const lookup = fixedLookup([
      { address: '93.184.215.14', family: 4 },
      { address: '192.168.1.1', family: 4 },
    ]);
    const sess = session(s, { domain: 'mixed.social-sim.net' }, { connectTo: [], lookup });
    const result = await sess.getJson('/x');
    expect(result).toMatchObject({ ok: false, kind: 'unreachable', message: expect.stringContaining('refused address 192.168.1.1 (private)') });
  });

  it('refuses IP literals in URLs without a lookup', async () => {
    const s = await server((_req, res) => json(res, {}));
    const calls: string[] = [];
    const sess = session(s, {}, { connectTo: [], lookup: fixedLookup([], calls) });
    const result = await sess.getJson(`https://127.0.0.1:${s.port}/x`);
    expect(result).toMatchObject({ ok: false, kind: 'unreachable', message: 'robots.txt: refused address 127.0.0.1 (loopback)' });
    const v6 = await sess.getJson('https://[::1]/x');
    expect(v6).toMatchObject({ ok: false, kind: 'unreachable', message: 'robots.txt: refused address ::1 (loopback)' });
    expect(calls).toEqual([]);
    expect(s.seen).toEqual([]);
  });

  it('guards the request host when the rule keeps it (empty HOST2)', async () => {
    const s = await server((_req, res) => json(res, {}));
    const calls: string[] = [];
    const lookup = fixedLookup([{ address: '127.0.0.1', family: 4 }], calls);
    const sess = session(s, {}, { connectTo: [parseConnectTo(`::${''}:${s.port}`)], lookup });
    expect(await sess.getJson('/x')).toMatchObject({ ok: false, kind: 'unreachable', message: expect.stringContaining('refused address 127.0.0.1') });
    expect(calls).toEqual([DOMAIN]);
  });

  it('maps an unknown name to unreachable', async () => {
    const s = await server((_req, res) => json(res, {}));
    const lookup: Lookup = async (name) => {
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
    };
    const sess = session(s, { domain: 'gone.social-sim.net' }, { connectTo: [], lookup });
    expect(await sess.getJson('/x')).toEqual({
      ok: false,
      kind: 'unreachable',
      message: 'DNS: name not found on /robots.txt',
    });
  });
});

describe('connections through --connect-to', () => {
  it('keeps the Host header and the TLS name (SNI and certificate) of the original host', async () => {
    const s = await server((_req, res) => json(res, {}));
    const sess = session(s, {}, { connectTo: [parseConnectTo(`${DOMAIN}:443:127.0.0.1:${s.port}`)] });
    expect(await sess.getJson('/nodeinfo/2.0')).toMatchObject({ ok: true });
    expect(s.seen.map((r) => [r.host, r.servername])).toEqual([
      [DOMAIN, DOMAIN],
      [DOMAIN, DOMAIN],
    ]);
  });

  it('checks the certificate against the original host, not the target', async () => {
    const s = await server((_req, res) => json(res, {}), 'other.social-sim.net');
    const sess = session(s);
    const result = await sess.getJson('/x');
    expect(result).toMatchObject({ ok: false, kind: 'unreachable', message: expect.stringMatching(/^robots\.txt: TLS: /) });
    expect(s.seen).toEqual([]);
  });

  it('does not apply a rule for another host: that host goes through DNS and the guard', async () => {
    const s = await server((_req, res) => json(res, {}));
    const calls: string[] = [];
    const lookup = fixedLookup([{ address: '10.0.0.1', family: 4 }], calls);
    const sess = session(s, {}, { connectTo: [parseConnectTo(`bar.social-sim.net:443:127.0.0.1:${s.port}`)], lookup });
    expect(await sess.getJson('/x')).toMatchObject({ ok: false, kind: 'unreachable' });
    expect(calls).toEqual([DOMAIN]);
    expect(s.seen).toEqual([]);
  });

  it('maps a refused connection to unreachable', async () => {
    const port = await closedPort();
    const s = await server((_req, res) => json(res, {}));
    const sess = session(s, {}, { connectTo: [parseConnectTo(`::127.0.0.1:${port}`)] });
    expect(await sess.getJson('/x')).toEqual({
      ok: false,
      kind: 'unreachable',
      message: 'connection refused on /robots.txt',
    });
  });
});

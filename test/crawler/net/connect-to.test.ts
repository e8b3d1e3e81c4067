// --connect-to parsing and matching, with curl's semantics.
import { describe, expect, it } from 'vitest';
import { matchConnectTo, parseConnectTo, parseConnectToList } from '../../../crawler/net/connect-to.ts';
import { json } from './https-server.ts';
import { useHarness } from './harness.ts';

const { server, session } = useHarness();

describe('parseConnectTo', () => {
  it('reads the four fields, empty ones as wildcards', () => {
    expect(parseConnectTo('example.social:443:127.0.0.1:8443')).toMatchObject({
      host: 'example.social',
      port: 443,
      toHost: '127.0.0.1',
      toPort: 8443,
    });
    expect(parseConnectTo('::127.0.0.1:8443')).toMatchObject({ host: null, port: null, toHost: '127.0.0.1', toPort: 8443 });
    expect(parseConnectTo('A.Example.:443::')).toMatchObject({ host: 'a.example', port: 443, toHost: null, toPort: null });
  });

  it('reads bracketed IPv6 literals', () => {
    expect(parseConnectTo('[2001:DB8::1]:443:[::1]:8443')).toMatchObject({
      host: '2001:db8::1',
      port: 443,
      toHost: '::1',
      toPort: 8443,
    });
  });

  it.each(['a:443:b', 'a:443:b:1:2', 'a:https:b:1', 'a:443:b:0', 'a:443:b:65536', '[::1:443:b:1', '[nope]:443:b:1', 'a/b:443:c:1', 'a:443:b:[1]', ''])(
    'rejects %j with a message naming --connect-to and the value',
    (spec) => {
      expect(() => parseConnectTo(spec)).toThrow(`invalid --connect-to value ${JSON.stringify(spec)}`);
    },
  );
});

describe('matchConnectTo', () => {
  const rules = parseConnectToList(['a.example:443:10.0.0.1:8443', ':8443:[::1]:', '::b.example:']);

  it('matches host and port, first rule wins', () => {
    expect(matchConnectTo(rules, 'A.example', 443)).toMatchObject({ host: '10.0.0.1', port: 8443, explicitHost: true });
    expect(matchConnectTo(rules, 'a.example', 8443)).toMatchObject({ host: '::1', port: 8443 });
  });

  it('keeps the request port when PORT2 is empty, and the host when HOST2 is empty', () => {
    expect(matchConnectTo(rules, 'c.example', 443)).toMatchObject({ host: 'b.example', port: 443, explicitHost: true });
    expect(matchConnectTo(parseConnectToList(['c.example:443::9443']), 'c.example', 443)).toMatchObject({
      host: 'c.example',
      port: 9443,
      explicitHost: false,
    });
  });

  it('returns null when nothing matches', () => {
    expect(matchConnectTo(parseConnectToList(['a.example:443:x:1']), 'b.example', 443)).toBeNull();
    expect(matchConnectTo(parseConnectToList(['a.example:443:x:1']), 'a.example', 8443)).toBeNull();
  });

  it('a wildcard rule sends every host to the target, each keeping its Host header', async () => {
    const s = await server((req, res) => json(res, { host: req.headers.host }));
    const sess = session(s); // rule `::127.0.0.1:PORT`
    expect(await sess.getJson('https://one.social-sim.net/x')).toMatchObject({ ok: true, body: { host: 'one.social-sim.net' } });
    expect(await sess.getJson('https://two.social-sim.net/x')).toMatchObject({ ok: true, body: { host: 'two.social-sim.net' } });
    expect(s.seen.map((r) => r.servername)).toEqual([
      'one.social-sim.net',
      'one.social-sim.net',
      'two.social-sim.net',
      'two.social-sim.net',
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { chooseNodeInfoHref, parseNodeInfoLinks, type NodeInfoLink } from '../../../crawler/parse/nodeinfo-links.ts';
import { loadResponse } from '../../fixtures/load.ts';

const rel = (v: string, scheme = 'http'): string => `${scheme}://nodeinfo.diaspora.software/ns/schema/${v}`;

describe('parseNodeInfoLinks', () => {
  it('sorts the spec shape highest version first: 2.1 > 2.0 > 1.1 > 1.0, the 2.2 draft last', () => {
    const result = parseNodeInfoLinks({
      links: [
        { rel: rel('1.0'), href: 'https://a.example/1.0' },
        { rel: rel('2.2'), href: 'https://a.example/2.2' },
        { rel: rel('2.0'), href: 'https://a.example/2.0' },
        { rel: rel('2.1'), href: 'https://a.example/2.1' },
        { rel: rel('1.1'), href: 'https://a.example/1.1' },
      ],
    });
    expect(result).toEqual({
      ok: true,
      links: ['2.1', '2.0', '1.1', '1.0', '2.2'].map((version) => ({ version, href: `https://a.example/${version}` })),
    });
  });

  it('matches https rels (WordPress) and ignores rels that are not NodeInfo schemas', () => {
    const result = parseNodeInfoLinks({
      links: [
        { rel: 'https://www.w3.org/ns/activitystreams#Application', href: 'https://a.example/actor' },
        { rel: rel('2.0', 'https'), href: '/wp-json/activitypub/1.0/nodeinfo' },
        { rel: 'http://example.org/other/2.1', href: 'https://a.example/x' },
        { rel: rel('3.0'), href: 'https://a.example/3.0' },
      ],
    });
    expect(result).toEqual({ ok: true, links: [{ version: '2.0', href: '/wp-json/activitypub/1.0/nodeinfo' }] });
  });

  it('reads `links` as an object plus a "0" key (jaywink-federation NODEINFO_WELL_KNOWN_BUGGY)', () => {
    expect(parseNodeInfoLinks(loadResponse('jaywink-federation_NODEINFO_WELL_KNOWN_BUGGY.json'))).toEqual({
      ok: true,
      links: [
        { version: '2.0', href: 'https://example.com/nodeinfo/2.0' },
        { version: '1.0', href: 'https://example.com/nodeinfo/1.0' },
      ],
    });
  });

  it('reads `links` as a single object (jaywink-federation NODEINFO_WELL_KNOWN_BUGGY_2)', () => {
    expect(parseNodeInfoLinks(loadResponse('jaywink-federation_NODEINFO_WELL_KNOWN_BUGGY_2.json'))).toEqual({
      ok: true,
      links: [{ version: '1.0', href: 'https://example.com/nodeinfo/1.0' }],
    });
  });

  it('reads `links` as an object of link objects', () => {
    const result = parseNodeInfoLinks({ links: { a: { rel: rel('2.0'), href: '/n/2.0' }, b: { rel: rel('2.1'), href: '/n/2.1' } } });
    expect(result).toEqual({ ok: true, links: [{ version: '2.1', href: '/n/2.1' }, { version: '2.0', href: '/n/2.0' }] });
  });

  it.each([
    ['null', null],
    ['a string', 'links'],
    ['an HTML-ish string', '<html>'],
    ['no links', {}],
    ['empty links', { links: [] }],
    ['links of junk', { links: [null, 3, 'x', { rel: 5, href: 'a' }, { rel: rel('2.0') }, { rel: rel('2.0'), href: '  ' }] }],
  ])('fails without throwing on %s', (_label, body) => {
    const result = parseNodeInfoLinks(body);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toMatch(/nodeinfo/i);
  });
});

describe('chooseNodeInfoHref', () => {
  const link = (version: NodeInfoLink['version'], href: string): NodeInfoLink => ({ version, href });

  it('takes the first href on the server itself and upgrades http to https', () => {
    expect(chooseNodeInfoHref([link('2.1', 'http://social.example/nodeinfo/2.1')], 'social.example')).toEqual({
      ok: true,
      version: '2.1',
      url: 'https://social.example/nodeinfo/2.1',
    });
  });

  it('resolves relative and protocol-relative hrefs against https://domain/', () => {
    expect(chooseNodeInfoHref([link('2.0', '/nodeinfo/2.0.json')], 'lemmy.example')).toMatchObject({
      url: 'https://lemmy.example/nodeinfo/2.0.json',
    });
    expect(chooseNodeInfoHref([link('2.0', 'nodeinfo_2_0')], 'snac.example')).toMatchObject({
      url: 'https://snac.example/nodeinfo_2_0',
    });
    expect(chooseNodeInfoHref([link('2.0', '//snac.example/x')], 'snac.example')).toMatchObject({ url: 'https://snac.example/x' });
  });

  it('accepts subdomains, any casing and a trailing dot, on either side', () => {
    expect(chooseNodeInfoHref([link('2.0', 'https://API.Social.Example./ni')], 'social.example')).toMatchObject({ ok: true });
    expect(chooseNodeInfoHref([link('2.0', 'https://social.example/ni')], 'Social.Example.')).toMatchObject({ ok: true });
  });

  it('skips hrefs on other hosts, including look-alike suffixes, and falls back to the next version', () => {
    const links = [
      link('2.1', 'https://evil.example/nodeinfo'),
      link('2.1', 'https://notsocial.example/nodeinfo'),
      link('2.0', 'https://social.example/nodeinfo/2.0'),
    ];
    expect(chooseNodeInfoHref(links, 'social.example')).toEqual({
      ok: true,
      version: '2.0',
      url: 'https://social.example/nodeinfo/2.0',
    });
  });

  it('does not accept the parent domain of the server', () => {
    const result = chooseNodeInfoHref([link('2.0', 'https://example.org/ni')], 'social.example.org');
    expect(result).toEqual({ ok: false, reason: 'every NodeInfo href points elsewhere: example.org (2.0)' });
  });

  it('gives a reason when every href points elsewhere or is unusable', () => {
    const result = chooseNodeInfoHref(
      [link('2.0', 'https://other.example/ni'), link('1.0', 'ftp://social.example/ni'), link('1.0', 'http://[::1')],
      'social.example',
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toBe('every NodeInfo href points elsewhere: other.example (2.0), ftp: href (1.0), invalid href (1.0)');
    expect(chooseNodeInfoHref([], 'social.example')).toEqual({ ok: false, reason: 'no NodeInfo link' });
  });

  it('drops credentials from the chosen URL', () => {
    expect(chooseNodeInfoHref([link('2.0', 'https://u:p@social.example/ni')], 'social.example')).toMatchObject({
      url: 'https://social.example/ni',
    });
  });
});

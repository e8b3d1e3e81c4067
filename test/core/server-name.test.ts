import { describe, expect, it } from 'vitest';
import { displayServerName, DROP_REASON_TEXT, DROP_REASONS, isServerName, normalizeName, parseServerName, serverNameFromInput } from '../../core/server-name.ts';

describe('normalizeName keeps', () => {
  it.each([
    ['mastodon.social', 'mastodon.social'],
    ['  Mastodon.Social  ', 'mastodon.social'],
    ['McDev.Tech', 'mcdev.tech'],
    ['mastodon.social.', 'mastodon.social'],
    ['https://mastodon.social/', 'mastodon.social'],
    ['HTTP://Mastodon.Social/@Gargron?x=1#y', 'mastodon.social'],
    ['//mastodon.social/path', 'mastodon.social'],
    ['rainbowdash.net/', 'rainbowdash.net'],
    ['peertube.cpy.re:443', 'peertube.cpy.re'],
    ['https://peertube.cpy.re:443/videos', 'peertube.cpy.re'],
    ['social.λ.zone', 'social.xn--wxa.zone'],
    ['social.xn--wxa.zone', 'social.xn--wxa.zone'],
    ['ÜMLAUT.de', 'xn--mlaut-jva.de'],
    ['bücher。example.com', 'xn--bcher-kva.example.com'], // ideographic full stop is a dot under IDNA
    ['xn--mlaut-jva.de', 'xn--mlaut-jva.de'],
    ['a.b.c.activitypub-troll.cf', 'a.b.c.activitypub-troll.cf'],
    ['1password.com', '1password.com'],
    ['sub.123.example.org', 'sub.123.example.org'], // only a numeric *last* label makes an address
    ['ab-cd.example.org', 'ab-cd.example.org'],
    ['a--b.example.org', 'a--b.example.org'], // '--' elsewhere than at 3-4 is a plain label
    [`${'a'.repeat(63)}.example.org`, `${'a'.repeat(63)}.example.org`],
  ])('%j as %j', (input, name) => {
    expect(normalizeName(input)).toEqual({ ok: true, name });
  });
});

describe('normalizeName drops', () => {
  const label63 = 'a'.repeat(63);
  it.each([
    [42, 'non_string'],
    [null, 'non_string'],
    [undefined, 'non_string'],
    [{ host: 'a.example.org' }, 'non_string'],
    [['a.b'], 'non_string'],
    ['', 'empty'],
    ['   ', 'empty'],
    ['https://', 'empty'],
    ['/path', 'empty'],
    ['.', 'empty'],
    ['138.197.38.192', 'ip_literal'],
    ['138.197.38.192:443', 'ip_literal'],
    ['10.0.0.010', 'ip_literal'],
    ['0x7f.1', 'ip_literal'],
    ['foo.0x7f', 'ip_literal'],
    ['2130706433', 'ip_literal'],
    ['[::1]', 'ip_literal'],
    ['[2001:db8::1]:8080', 'ip_literal'],
    ['2001:db8::1', 'ip_literal'],
    ['::ffff:127.0.0.1', 'ip_literal'],
    ['soc.hopto.me:8081', 'port'],
    ['freundlich.schinbo.de:4443', 'port'],
    ['https://a.example.org:80/', 'port'],
    ['a.example.org:', 'invalid_chars'],
    ['a.example.org:https', 'invalid_chars'],
    ['a:b:c', 'invalid_chars'],
    ['mi_xfee.i-0.io', 'underscore'],
    ['_dmarc.example.org', 'underscore'],
    ['user@a.example.org', 'invalid_chars'],
    ['a b.example.org', 'invalid_chars'],
    ['*.example.org', 'invalid_chars'],
    ['a..b', 'empty_label'],
    ['.a.example.org', 'empty_label'],
    ['xn--1ug31vh48sdt4h.null.media', 'invalid_idna'], // punycode of a ZWJ emoji sequence: UTS #46 rejects it
    ['xn--zz.example.org', 'invalid_idna'],
    ['localhost', 'special_use'],
    ['localhost.', 'special_use'],
    ['printer.local', 'special_use'],
    ['db.internal', 'special_use'],
    ['abc.onion', 'special_use'],
    ['site.i2p', 'special_use'],
    ['160.176.40.77.in-addr.arpa', 'special_use'],
    ['router.home.arpa', 'special_use'],
    ['a.test', 'special_use'],
    ['a.invalid', 'special_use'],
    ['www.example', 'special_use'],
    ['app.localhost', 'special_use'],
    ['mastodon', 'no_dot'],
    ['https://mastodon/', 'no_dot'],
    [`${'a'.repeat(64)}.example.org`, 'label_too_long'],
    [`${[label63, label63, label63, label63].join('.')}.org`, 'too_long'],
    ['a'.repeat(5000), 'too_long'],
    // RFC 1035 2.3.1: a label starts and ends with a letter or digit; RFC 5891 4.2.3.1: '--' at 3-4 only in "xn--".
    ['-odd-.example.org', 'hyphen'],
    ['a-.example.org', 'hyphen'],
    ['-a.example.org', 'hyphen'],
    ['example.org-', 'hyphen'],
    ['ab--cd.example.org', 'hyphen'],
    ['bücher-.example.org', 'hyphen'],
    ['user@λ.zone', 'invalid_chars'], // never handed to the URL parser as user info
    ['a%41.λ.zone', 'invalid_chars'],
  ])('%j as %s', (input, reason) => {
    expect(normalizeName(input)).toEqual({ ok: false, reason });
  });

  it('uses only declared reasons', () => {
    const inputs: unknown[] = [1, '', '1.1.1.1', 'a:1', 'a_b.c', 'a..b', 'xn--zz.c', 'a.local', 'a', 'x y.z'];
    for (const input of inputs) {
      const result = normalizeName(input);
      if (!result.ok) expect(DROP_REASONS).toContain(result.reason);
    }
  });

  it('keeps only names that a URL parser accepts as the same host', () => {
    for (const input of ['social.λ.zone', 'Example.ORG.', 'https://x.example.org:443/a', 'bücher。example.com']) {
      const result = normalizeName(input);
      if (!result.ok) throw new Error(`unexpected drop of ${input}`);
      expect(new URL(`https://${result.name}/`).hostname).toBe(result.name);
    }
  });
});

describe('isServerName', () => {
  it('is true only for the canonical spelling the census stores', () => {
    expect(isServerName('social.xn--wxa.zone')).toBe(true);
    expect(isServerName('mastodon.social')).toBe(true);
    expect(isServerName('social.λ.zone')).toBe(false);
    expect(isServerName('Mastodon.Social')).toBe(false);
    expect(isServerName('-odd-.example.org')).toBe(false);
    expect(isServerName('a-.example.org')).toBe(false);
  });
});

describe('displayServerName', () => {
  it('shows A-labels as Unicode and leaves ASCII names alone', () => {
    expect(displayServerName('social.xn--wxa.zone')).toBe('social.λ.zone');
    expect(displayServerName('xn--bcher-kva.example.com')).toBe('bücher.example.com');
    expect(displayServerName('mastodon.social')).toBe('mastodon.social');
  });
});

describe('serverNameFromInput', () => {
  it.each([
    [' https://Example.Social/about ', 'example.social'],
    ['@someone@example.social', 'example.social'],
    ['someone@example.social', 'example.social'],
    ['example.social.', 'example.social'],
    ['social.λ.zone', 'social.xn--wxa.zone'],
    ['@me@social.λ.zone', 'social.xn--wxa.zone'],
  ])('%j is %j', (input, name) => {
    expect(serverNameFromInput(input)).toEqual({ ok: true, name });
  });

  it('refuses what is not a name', () => {
    expect(serverNameFromInput('-odd-.example.org')).toEqual({ ok: false, reason: 'hyphen' });
    expect(serverNameFromInput('localhost')).toEqual({ ok: false, reason: 'no_dot' });
  });
});

describe('DROP_REASON_TEXT', () => {
  it('says every reason in words', () => {
    for (const reason of DROP_REASONS) expect(DROP_REASON_TEXT[reason]).toMatch(/^[a-z]/);
  });
});

describe('parseServerName', () => {
  it('spells names as normalizeName does but lets special-use names through (a look-up of one is not found)', () => {
    expect(parseServerName('A.Example')).toEqual({ ok: true, name: 'a.example' });
    expect(normalizeName('A.Example')).toEqual({ ok: false, reason: 'special_use' });
    expect(parseServerName('-odd-.example')).toEqual({ ok: false, reason: 'hyphen' });
    expect(parseServerName('localhost')).toEqual({ ok: false, reason: 'no_dot' });
  });
});

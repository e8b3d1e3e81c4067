// mastodon.social's real peer lists (test/fixtures/datasets, from simonw/scrape-fediverse): the exact outcome
// of normalisation, cross-checked against the description in ../shared/README.md with plain independent
// counts on the raw list. Findings written up in docs/discovery-real-peer-list.md.
import { describe, expect, it } from 'vitest';
import { normalizeName } from '../../../core/server-name.ts';
import { parseMastodonPeers } from '../../../crawler/discovery/peers.ts';
import { registrableDomain } from '../../../crawler/discovery/registrable.ts';
import { summarizeNames, type NameSummary } from '../../../crawler/discovery/report.ts';
import { loadDataset } from '../../fixtures/load.ts';

function load(name: string): readonly string[] {
  const body = loadDataset(name);
  const list = parseMastodonPeers(body);
  if (!list.ok || !Array.isArray(body)) throw new Error(`${name} is not a peer list`);
  return body as string[];
}

const droppedTotal = (s: NameSummary): number => Object.values(s.dropped).reduce((a, b) => a + (b ?? 0), 0);
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const HOST_PORT = /^[^:]+:\d+$/;

describe('mastodon.social peers, 2026-08-22 (121,644 names)', () => {
  const raw = load('peers-mastodon.social-2026-08-22.json.gz');
  const summary = summarizeNames(raw, { top: 10 });

  it('keeps 121,611 distinct names; 4 duplicates; 29 dropped for five reasons', () => {
    expect(raw).toHaveLength(121_644);
    expect(summary.total).toBe(121_644);
    expect(summary.kept).toBe(121_611);
    expect(summary.duplicates).toBe(4);
    expect(summary.dropped).toEqual({ ip_literal: 8, port: 4, underscore: 8, special_use: 8, invalid_idna: 1 });
    expect(summary.kept + summary.duplicates + droppedTotal(summary)).toBe(summary.total);
  });

  it('agrees with the README: 8 IPv4 literals, 8 names with `_`, all dropped for that reason', () => {
    const ipv4 = raw.filter((n) => IPV4.test(n));
    const underscores = raw.filter((n) => n.includes('_'));
    expect(ipv4).toHaveLength(8);
    expect(underscores).toHaveLength(8);
    for (const n of ipv4) expect(normalizeName(n)).toEqual({ ok: false, reason: 'ip_literal' });
    for (const n of underscores) expect(normalizeName(n)).toEqual({ ok: false, reason: 'underscore' });
  });

  it('agrees with the README: 7 host:port, of which the 3 on :443 are duplicates of names already listed', () => {
    const withPort = raw.filter((n) => HOST_PORT.test(n));
    expect(withPort).toHaveLength(7);
    const on443 = withPort.filter((n) => n.endsWith(':443'));
    expect(on443).toEqual(['peertube3.cpy.re:443', 'peertube.cpy.re:443', 'peertube2.cpy.re:443']);
    const listed = new Set(raw);
    for (const n of on443) expect(listed.has(n.slice(0, -4))).toBe(true);
    expect(withPort.filter((n) => !n.endsWith(':443')).map(normalizeName)).toEqual(Array(4).fill({ ok: false, reason: 'port' }));
  });

  it('agrees with the README: one raw Unicode name, the same server as a punycode name already listed', () => {
    const unicode = raw.filter((n) => /[^\x00-\x7f]/.test(n));
    expect(unicode).toEqual(['social.λ.zone']);
    expect(raw).toContain('social.xn--wxa.zone');
  });

  it('227 raw punycode names: 226 kept, one (a ZWJ emoji sequence) rejected by IDNA as no URL can reach it', () => {
    const puny = raw.filter((n) => n.includes('xn--'));
    expect(puny).toHaveLength(227);
    const dropped = puny.filter((n) => !normalizeName(n).ok);
    expect(dropped).toEqual(['xn--1ug31vh48sdt4h.null.media']);
    expect(() => new URL('https://xn--1ug31vh48sdt4h.null.media/')).toThrow();
  });

  it('drops 8 reverse-DNS names under .arpa (not in the README\'s list) as special use', () => {
    expect(raw.filter((n) => n.endsWith('.arpa'))).toHaveLength(8);
    expect(summary.dropExamples.special_use?.every((n) => String(n).endsWith('.arpa'))).toBe(true);
  });

  it('keeps the 7,336 *.activitypub-troll.cf names as names, grouped under one registrable domain at the top', () => {
    const troll = raw.filter((n) => n.endsWith('.activitypub-troll.cf'));
    expect(troll).toHaveLength(7_336);
    expect(troll.every((n) => normalizeName(n).ok && registrableDomain(n) === 'activitypub-troll.cf')).toBe(true);
    expect(summary.topRegistrableDomains).toEqual([
      { domain: 'activitypub-troll.cf', names: 7336 },
      { domain: 'wordpress.com', names: 4139 },
      { domain: 'pikapod.net', names: 986 },
      { domain: 'masto.host', names: 645 },
      { domain: 'mymagic.page', names: 551 },
      { domain: 'ngrok.io', names: 494 },
      { domain: 'ngrok-free.app', names: 383 },
      { domain: 'ghost.io', names: 328 },
      { domain: 'lhr.life', names: 216 },
      { domain: 'nohost.me', names: 211 },
    ]);
  });
});

describe('mastodon.social peers, 2022-11-04 (26,868 names)', () => {
  const raw = load('peers-mastodon.social-2022-11-04.json.gz');
  const summary = summarizeNames(raw, { top: 5 });

  it('keeps 26,852 distinct names; 6 duplicates; 10 dropped', () => {
    expect(summary.total).toBe(26_868);
    expect(summary.kept).toBe(26_852);
    expect(summary.duplicates).toBe(6);
    expect(summary.dropped).toEqual({ ip_literal: 4, port: 3, underscore: 2, invalid_idna: 1 });
    expect(summary.kept + summary.duplicates + droppedTotal(summary)).toBe(summary.total);
  });

  it('folds casing and a trailing slash into names already listed', () => {
    expect(raw).toContain('McDev.Tech');
    expect(raw).toContain('mcdev.tech');
    expect(raw).toContain('rainbowdash.net/');
    expect(raw).toContain('rainbowdash.net');
    expect(normalizeName('rainbowdash.net/')).toEqual({ ok: true, name: 'rainbowdash.net' });
    // The 6 duplicates: 3 x host:443, McDev.Tech, rainbowdash.net/, social.λ.zone.
    expect(raw.filter((n) => n.endsWith(':443'))).toHaveLength(3);
    expect(raw.filter((n) => IPV4.test(n))).toHaveLength(4);
  });

  it('had no spam wildcard yet: ngrok tunnels and a hoster lead', () => {
    expect(raw.some((n) => n.endsWith('.activitypub-troll.cf'))).toBe(false);
    expect(summary.topRegistrableDomains).toEqual([
      { domain: 'ngrok.io', names: 400 },
      { domain: 'masto.host', names: 368 },
      { domain: 'm.to', names: 197 },
      { domain: 'herokuapp.com', names: 59 },
      { domain: 'ddns.net', names: 53 },
    ]);
  });
});

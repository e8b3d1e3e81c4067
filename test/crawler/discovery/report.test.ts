import { describe, expect, it } from 'vitest';
import { summarizeNames } from '../../../crawler/discovery/report.ts';

describe('summarizeNames', () => {
  const list = [
    'a.spam.example.org', 'b.spam.example.org', 'c.spam.example.org',
    'mastodon.social', 'Mastodon.Social.', 'https://mastodon.social/', 'mastodon.social:443',
    'x.masto.host', 'y.masto.host',
    '10.0.0.1', '192.168.1.1', 'soc.hopto.me:8081', 'a_b.example.org', 7, null, 'localhost',
  ];

  it('counts kept (distinct), duplicates and drops by reason, which add up to the total', () => {
    const s = summarizeNames(list, { top: 2, examplesPerReason: 1 });
    expect(s).toEqual({
      total: 16,
      kept: 6,
      duplicates: 3,
      dropped: { ip_literal: 2, port: 1, underscore: 1, non_string: 2, special_use: 1 },
      dropExamples: { ip_literal: ['10.0.0.1'], port: ['soc.hopto.me:8081'], underscore: ['a_b.example.org'], non_string: [7], special_use: ['localhost'] },
      topRegistrableDomains: [
        { domain: 'example.org', names: 3 },
        { domain: 'masto.host', names: 2 },
      ],
    });
    const droppedTotal = Object.values(s.dropped).reduce((a, b) => a + b, 0);
    expect(s.kept + s.duplicates + droppedTotal).toBe(s.total);
  });

  it('reads any iterable once, e.g. a generator', () => {
    function* names() {
      yield 'a.example.org';
      yield 'a.example.org';
    }
    expect(summarizeNames(names())).toMatchObject({ total: 2, kept: 1, duplicates: 1, dropped: {} });
  });

  it('breaks ties between groups by name, so reports are stable', () => {
    const s = summarizeNames(['a.zz.org', 'a.aa.org', 'a.mm.org']);
    expect(s.topRegistrableDomains.map((g) => g.domain)).toEqual(['aa.org', 'mm.org', 'zz.org']);
  });
});

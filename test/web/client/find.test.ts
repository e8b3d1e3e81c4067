import { describe, expect, it } from 'vitest';
import { findTarget } from '../../../web/client/find.ts';

describe('findTarget', () => {
  it('finds the server name in what a person pastes', () => {
    expect(findTarget(' https://Example.Social/about ')).toEqual({ ok: true, name: 'example.social' });
    expect(findTarget('@someone@example.social')).toEqual({ ok: true, name: 'example.social' });
    expect(findTarget('someone@example.social')).toEqual({ ok: true, name: 'example.social' });
    expect(findTarget('example.social.')).toEqual({ ok: true, name: 'example.social' });
    expect(findTarget('example.social:443/path?q')).toEqual({ ok: true, name: 'example.social' });
  });

  it('finds an internationalised name under the A-labels its page is named after', () => {
    expect(findTarget('social.λ.zone')).toEqual({ ok: true, name: 'social.xn--wxa.zone' });
    expect(findTarget('https://Bücher.example.com/')).toEqual({ ok: true, name: 'xn--bcher-kva.example.com' });
  });

  it('says in words why something is not a server name', () => {
    const odd = findTarget('-odd-.example.org');
    expect(odd.ok).toBe(false);
    if (!odd.ok) expect(odd.message).toMatch(/neither start nor end with a hyphen/);
    const spaced = findTarget('not a name');
    if (!spaced.ok) expect(spaced.message).toMatch(/letters, digits and hyphens/);
    else expect.unreachable();
  });
});

import { describe, expect, it } from 'vitest';
import { registrableDomain } from '../../../crawler/discovery/registrable.ts';

describe('registrableDomain', () => {
  it.each([
    ['mastodon.social', 'mastodon.social'],
    ['a.b.activitypub-troll.cf', 'activitypub-troll.cf'],
    ['foo.co.uk', 'foo.co.uk'],
    ['x.foo.co.uk', 'foo.co.uk'],
    ['social.xn--wxa.zone', 'xn--wxa.zone'],
    // ICANN section only: tunnels group under the service's own domain (see the comment in the source).
    ['abc123.ngrok.io', 'ngrok.io'],
    ['d4e5.ngrok-free.app', 'ngrok-free.app'],
    ['someone.github.io', 'github.io'],
    // A name that is itself a public suffix has no registrable domain: it is its own group.
    ['co.uk', 'co.uk'],
  ])('%s -> %s', (name, domain) => {
    expect(registrableDomain(name)).toBe(domain);
  });
});

import { describe, expect, it } from 'vitest';
import { serverSlug, softwareSlug } from '../../web/slug.ts';

describe('page file names', () => {
  it('keeps plain software names and derives a safe, distinct name for any other', () => {
    expect(softwareSlug('mastodon')).toBe('mastodon');
    expect(softwareSlug('wordpress-activitypub')).toBe('wordpress-activitypub');
    for (const name of ['../../etc/passwd', 'Mastodon', 'a/b', '', '..', 'x'.repeat(200), 'émoji 🐘']) {
      const slug = softwareSlug(name);
      expect(slug, name).toMatch(/^[a-z0-9-]*~[0-9a-f]{12}$|^[a-z0-9][a-z0-9_-]*$/);
      expect(slug).not.toContain('/');
    }
    expect(softwareSlug('Mastodon')).not.toBe(softwareSlug('mastodon'));
    expect(softwareSlug('a b')).not.toBe(softwareSlug('a-b'));
  });

  it('gives a page only to names that are safe as a file name', () => {
    expect(serverSlug('xn--bcher-kva.example')).toBe('xn--bcher-kva.example');
    expect(serverSlug('../x.social')).toBeNull();
    expect(serverSlug('a..b')).toBeNull();
    expect(serverSlug('A.social')).toBeNull();
  });

  it('gives a page to exactly the names the crawler keeps and the API looks up (core/server-name.ts)', () => {
    expect(serverSlug('social.xn--wxa.zone')).toBe('social.xn--wxa.zone');
    expect(serverSlug('social.λ.zone')).toBeNull(); // never stored so: its page is under its A-labels
    expect(serverSlug('-odd-.example.org')).toBeNull();
    expect(serverSlug('a-.example.org')).toBeNull();
    expect(serverSlug('.hidden.example.org')).toBeNull();
  });
});

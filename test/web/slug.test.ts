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
});

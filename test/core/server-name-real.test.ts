// One definition of a server name, checked over every name of mastodon.social's real peer lists
// (test/fixtures/datasets, 148,512 entries): whatever the crawler keeps, the API looks up under the same name,
// the site gives a page named after it, and the find box reaches that page from the raw entry; whatever the
// crawler refuses as not a name, the API and the find box refuse too. (Special-use names are names: the
// crawler refuses them as never public, a look-up of one is simply not found.)
import { describe, expect, it } from 'vitest';
import { ServerParams } from '../../api/http/params.ts';
import { isServerName, MAX_SERVER_PAGE_NAME, normalizeName } from '../../core/server-name.ts';
import { findTarget } from '../../web/client/find.ts';
import { serverSlug } from '../../web/slug.ts';
import { loadDataset } from '../fixtures/load.ts';
import { getJson, testAppForFile } from '../api/harness.ts';

const LISTS = ['peers-mastodon.social-2022-11-04.json.gz', 'peers-mastodon.social-2026-08-22.json.gz'];
const t = testAppForFile();

describe.each(LISTS)('%s', (list) => {
  const raw = loadDataset(list) as unknown[];

  it('every kept name is looked up, paged and found under itself', () => {
    let kept = 0;
    for (const entry of raw) {
      const name = normalizeName(entry);
      if (!name.ok) continue;
      kept++;
      expect(isServerName(name.name), name.name).toBe(true);
      expect(ServerParams.safeParse({ domain: name.name }).data?.domain, name.name).toBe(name.name);
      // Its page is named after it, or for a name too long for a file name, after its start and a hash.
      const page = serverSlug(name.name);
      if (name.name.length <= MAX_SERVER_PAGE_NAME) expect(page, name.name).toBe(name.name);
      else expect(page, name.name).toMatch(/^[a-z0-9.-]{200}~[0-9a-f]{16}$/);
      const found = findTarget(String(entry));
      expect(found.ok && found.name, String(entry)).toBe(name.name);
      // A raw entry that fits in a path segment is looked up under the crawler's name too.
      if (!/[/?#%]/.test(String(entry))) expect(ServerParams.safeParse({ domain: entry }).data?.domain, String(entry)).toBe(name.name);
    }
    expect(kept).toBeGreaterThan(20_000);
  });

  it('every entry refused as not a name is refused by the API and the find box too', () => {
    let refused = 0;
    for (const entry of raw) {
      const name = normalizeName(entry);
      if (name.ok || name.reason === 'special_use' || name.reason === 'port' || typeof entry !== 'string') continue;
      if (/[/?#]/.test(entry)) continue; // a path: not something a path segment can carry
      refused++;
      expect(ServerParams.safeParse({ domain: entry }).success, entry).toBe(false);
      expect(findTarget(entry).ok, entry).toBe(false);
    }
    expect(refused).toBeGreaterThan(0);
  });
});

describe('through the API', () => {
  it.each([
    ['social.λ.zone', 404],
    ['social.xn--wxa.zone', 404],
    ['McDev.Tech', 404],
    ['-odd-.example.org', 400],
    ['a-.example.org', 400],
    ['mi_xfee.i-0.io', 400],
  ])('%s -> %i', async (name, status) => {
    const res = await getJson(t.app, `/api/v1/servers/${encodeURIComponent(name)}`);
    expect(res.status).toBe(status);
  });
});

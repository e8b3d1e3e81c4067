// File names for pages named after what servers report. A server's page is named after its canonical name
// (core/server-name.ts: the crawler's, the API's and the find box's definition too); a software name is
// whatever NodeInfo said, so one that is not a plain token gets a name derived from its hash: never a path
// separator, never '..', never a clash. Nor may a reported name take a file name the site writes for
// itself: a server reporting the software `index` once replaced software/index.html, the list (issue #12).
import { createHash } from 'node:crypto';
import { isServerName } from '../core/server-name.ts';

const PLAIN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * Names the site writes in software/ for itself (the software list is software/index.html). A software
 * reporting one of these gets a derived name like any other odd name.
 */
export const SITE_SOFTWARE_PAGES: ReadonlySet<string> = new Set(['index']);

/**
 * A server page's longest file is `figures/servers/<slug>-activity.csv`: a name past this length would make a
 * file name longer than most file systems allow (255 bytes), and the build would fail on one server's name.
 */
export const MAX_SERVER_SLUG = 240;

export function softwareSlug(name: string): string {
  if (PLAIN.test(name) && !SITE_SOFTWARE_PAGES.has(name)) return name;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 12);
  const readable = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  // '~' never appears in a plain slug, so a derived one cannot equal another software's plain name.
  return `${readable || 'software'}~${hash}`;
}

/**
 * The file name of a server's page: its canonical name (letters, digits, '-' and '.', never '..' nor a leading
 * '.'), so the find box reaches it from any spelling; null for a name that is not one, or one too long for
 * its files' names (then it gets no page).
 */
export function serverSlug(domain: string): string | null {
  return isServerName(domain) && domain.length <= MAX_SERVER_SLUG ? domain : null;
}

// File names for pages named after what servers report. A server's page is named after its canonical name
// (core/server-name.ts: the crawler's, the API's and the find box's definition too); a software name is
// whatever NodeInfo said, so one that is not a plain token gets a name derived from its hash: never a path
// separator, never '..', never a clash.
import { createHash } from 'node:crypto';
import { isServerName } from '../core/server-name.ts';

const PLAIN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function softwareSlug(name: string): string {
  if (PLAIN.test(name)) return name;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 12);
  const readable = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  // '~' never appears in a plain slug, so a derived one cannot equal another software's plain name.
  return `${readable || 'software'}~${hash}`;
}

/**
 * The file name of a server's page: its canonical name (letters, digits, '-' and '.', never '..' nor a leading
 * '.'), so the find box reaches it from any spelling; null for a name that is not one (then it gets no page).
 */
export function serverSlug(domain: string): string | null {
  return isServerName(domain) ? domain : null;
}

// File names for pages named after what servers report. A server name is already normalised by the crawler
// (lower-case ASCII letters, digits, '-', '.'); a software name is whatever NodeInfo said, so one that is
// not a plain token gets a name derived from its hash: never a path separator, never '..', never a clash.
import { createHash } from 'node:crypto';

const PLAIN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const SERVER_NAME = /^[a-z0-9][a-z0-9.-]{0,252}$/;

export function softwareSlug(name: string): string {
  if (PLAIN.test(name)) return name;
  const hash = createHash('sha256').update(name, 'utf8').digest('hex').slice(0, 12);
  const readable = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  // '~' never appears in a plain slug, so a derived one cannot equal another software's plain name.
  return `${readable || 'software'}~${hash}`;
}

/** The file name of a server's page, or null for a name that is not safe as one (then it gets no page). */
export function serverSlug(domain: string): string | null {
  if (!SERVER_NAME.test(domain) || domain.includes('..')) return null;
  return domain;
}

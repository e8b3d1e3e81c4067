// The crawler's User-Agent: a product token admins can name in robots.txt, the version, and a URL that explains
// the crawl and how to opt out (the form other fediverse crawlers use, and what admins asked for).
import { readFileSync } from 'node:fs';
import { PROJECT_URL as INFO_URL } from '../../core/project.ts';

/** The robots.txt product token (RFC 9309 section 2.2.1). */
export const ROBOTS_TOKEN = 'fedicensus';

/** The `version` field of the project's package.json. */
export function readPackageVersion(): string {
  const raw = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
  const version = (JSON.parse(raw) as { version?: unknown }).version;
  if (typeof version !== 'string' || version === '') throw new Error('package.json has no version');
  return version;
}

/** e.g. `fedicensus/0.1.0 (+https://github.com/fedicensus/fedicensus)`. */
export function buildUserAgent(version: string = readPackageVersion()): string {
  return `${ROBOTS_TOKEN}/${version} (+${INFO_URL})`;
}

// Where the site is published, when the operator says (FEDICENSUS_PUBLIC_URL, e.g. https://census.example/):
// the one place that turns it into the data page's URL and the datasets' URLs, for CITATION.cff,
// datapackage.json's homepage and the data page's JSON-LD. Unknown, those fall back to the project's URL
// (CITATION.cff) or to URLs relative to the page (JSON-LD).
import { z } from 'zod';

export const PUBLIC_URL_ENV = 'FEDICENSUS_PUBLIC_URL';
/** The site's data page, relative to the site root (web/build.ts writes it; /data/ leads to it). */
export const DATA_PAGE = 'data.html';
/** The published datasets, relative to the site root: `data/<version>/<file>` and `data/latest/<file>`. */
export const DATA_DIR = 'data';

const PublicUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL, e.g. https://census.example/' })
  .refine((text) => !new URL(text).search && !new URL(text).hash, 'must have no ?query or #fragment');

/** The site's root URL with a trailing slash, or null when not set; throws (with the reason) when malformed. */
export function parsePublicUrl(text: string | undefined): string | null {
  if (text === undefined || text.trim() === '') return null;
  const url = new URL(PublicUrl.parse(text.trim()));
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url.href;
}

export function dataPageUrl(siteUrl: string): string {
  return new URL(DATA_PAGE, siteUrl).href;
}

/**
 * A dataset file's URL: relative to the site root unless `siteUrl` is given. Path segments are escaped, but
 * `=` (allowed in a path, RFC 3986 section 3.3) is kept so hive-style folders read as written: month=2026-11.
 */
export function datasetFileUrl(version: string, name: string, siteUrl: string | null = null): string {
  const relative = `${encodeUrlPath(`${DATA_DIR}/${version}`)}/${encodeUrlPath(name)}`;
  return siteUrl ? new URL(relative, siteUrl).href : relative;
}

/** A '/'-separated file name (a partition: snapshots/month=2026-11/part-0.parquet) as a URL path, segment by segment. */
export function encodeUrlPath(name: string): string {
  return name
    .split('/')
    .map((s) => encodeURIComponent(s).replaceAll('%3D', '='))
    .join('/');
}

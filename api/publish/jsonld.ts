// The data page's schema.org Dataset (https://schema.org/Dataset), as JSON-LD, so dataset search engines
// (Google Dataset Search and others reading schema.org) find the census with its licence, coverage, citation
// and each file's URL, format and checksum. Croissant-compatible where it costs nothing
// (https://docs.mlcommons.org/croissant/docs/croissant-spec.html): its context, conformsTo, citeAs, and each
// file as a cr:FileObject with sc:sha256; no RecordSets (datapackage.json describes the columns).
import type { ManifestFile } from './export.ts';
import { contentTypeOf } from './catalog.ts';
import { attributionText, DATASET_AUTHOR, DATASET_DESCRIPTION, DATASET_KEYWORDS, DATASET_TITLE, LICENSE_URL, PROJECT_URL } from './metadata.ts';

export const CROISSANT_SPEC = 'http://mlcommons.org/croissant/1.0';

/** The part of Croissant 1.0's context this document uses (the rest names terms it does not use). */
const CONTEXT = {
  '@language': 'en',
  '@vocab': 'https://schema.org/',
  sc: 'https://schema.org/',
  cr: 'http://mlcommons.org/croissant/',
  dct: 'http://purl.org/dc/terms/',
  citeAs: 'cr:citeAs',
  conformsTo: 'dct:conformsTo',
  isLiveDataset: 'cr:isLiveDataset',
  md5: 'cr:md5',
} as const;

export interface DatasetFacts {
  readonly version: string;
  /** Latest crawled day (YYYY-MM-DD); null before any crawl. */
  readonly dataAsOf: string | null;
  /** Earliest crawled day, when known: with dataAsOf it makes temporalCoverage a closed interval. */
  readonly firstDay: string | null;
  /** When the version was generated (RFC 3339). */
  readonly generatedAt: string;
  /** The version's files (manifest.json); those with rows are the data, offered as distribution. */
  readonly files: readonly ManifestFile[];
  /** The URL of one of the version's files: absolute where the site's address is known, else relative to the page. */
  readonly fileUrl: (name: string) => string;
  /** The data page's absolute URL, when the site's address is known. */
  readonly pageUrl: string | null;
}

export function datasetJsonLd(facts: DatasetFacts): Record<string, unknown> {
  const citation = attributionText(facts.version, facts.dataAsOf);
  const creator = { '@type': 'Organization', name: DATASET_AUTHOR, url: PROJECT_URL };
  return {
    '@context': CONTEXT,
    '@type': 'sc:Dataset',
    conformsTo: CROISSANT_SPEC,
    name: DATASET_TITLE,
    description: DATASET_DESCRIPTION,
    ...(facts.pageUrl ? { url: facts.pageUrl } : {}),
    sameAs: PROJECT_URL,
    version: facts.version,
    license: LICENSE_URL,
    isAccessibleForFree: true,
    keywords: [...DATASET_KEYWORDS],
    creator,
    publisher: creator,
    datePublished: facts.generatedAt,
    dateModified: facts.generatedAt,
    ...(facts.dataAsOf ? { temporalCoverage: facts.firstDay ? `${facts.firstDay}/${facts.dataAsOf}` : facts.dataAsOf } : {}),
    // A new day is added after every crawl.
    isLiveDataset: true,
    citation,
    citeAs: citation,
    distribution: facts.files.filter((f) => f.rows !== null).map((f) => ({
      '@type': 'cr:FileObject',
      '@id': f.name,
      name: f.name,
      contentUrl: facts.fileUrl(f.name),
      encodingFormat: contentTypeOf(f.name).split(';')[0]!, // the media type the file is served with, bare
      contentSize: `${f.bytes} B`,
      sha256: f.sha256,
    })),
  };
}

/**
 * The JSON-LD as the text of a `<script type="application/ld+json">`: `<` written as \u003c so no value
 * (a server name, say) can close the script element; JSON parsers read it back unchanged.
 */
export function jsonLdScriptText(value: unknown): string {
  return JSON.stringify(value).replaceAll('<', '\\u003c');
}

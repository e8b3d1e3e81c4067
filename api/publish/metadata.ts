// The files that travel with the data so a copy found years later still says what it is, how to cite it
// and under which licence: datapackage.json (Frictionless Data Package v1, https://specs.frictionlessdata.io/),
// CITATION.cff (Citation File Format 1.2.0, https://citation-file-format.github.io/) and LICENSE.
import { PUBLISHED_TABLES, type DataFormat, type PublishedColumn, type PublishedTable } from './columns.ts';

export const DATASET_TITLE = 'fedicensus: an open census of the fediverse';
export const DATASET_AUTHOR = 'fedicensus contributors';
export const LICENSE_ID = 'CC-BY-4.0';
export const LICENSE_TITLE = 'Creative Commons Attribution 4.0 International';
export const LICENSE_URL = 'https://creativecommons.org/licenses/by/4.0/';
import { PROJECT_URL } from '../../core/project.ts';

export { PROJECT_URL };
export const DATASET_DESCRIPTION =
  'An open census of the fediverse: daily per-server counts (users, monthly and half-year active users, local ' +
  'posts, open registrations) reported by fediverse servers through NodeInfo and their software APIs, the list of ' +
  'known servers, and weekly activity of Mastodon-API servers. Dates are UTC days. In CSV files an empty field is a ' +
  'missing value (NULL); in Parquet files dates are DATE and datetimes TIMESTAMP WITH TIME ZONE (UTC, isAdjustedToUTC), to the second as in the CSV files.';
export const DATASET_KEYWORDS: readonly string[] = ['fediverse', 'ActivityPub', 'NodeInfo', 'Mastodon', 'census'];

/** A data file as written, with what the manifest and the data package need to know about it. */
export interface WrittenTableFile {
  readonly table: PublishedTable['name'];
  readonly format: DataFormat;
  /** Path relative to the export directory, `/`-separated (a partitioned table's files may sit in folders). */
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly rows: number;
}

export interface ExportFacts {
  readonly version: string;
  /** Latest snapshot day (YYYY-MM-DD); null for a census with no snapshots yet. */
  readonly dataAsOf: string | null;
  /** ISO 8601 instant the export was made. */
  readonly generatedAt: string;
  readonly files: readonly WrittenTableFile[];
  /**
   * The public URL of the data page (e.g. https://census.example/data.html), when the operator said where the
   * site lives (FEDICENSUS_PUBLIC_URL); null when unknown, and the files then point at PROJECT_URL instead.
   */
  readonly homepage?: string | null;
}

/** The attribution line CC BY 4.0 asks for, used in LICENSE, the listing page and CITATION.cff's message. */
export function attributionText(version: string, dataAsOf: string | null): string {
  const asOf = dataAsOf ? `data as of ${dataAsOf}` : 'no data yet';
  return `${DATASET_AUTHOR}, "${DATASET_TITLE}", ${asOf}, version ${version}, licensed under CC BY 4.0 (${LICENSE_URL}).`;
}

export function licenseNotice(facts: ExportFacts): string {
  return `The fedicensus datasets in this directory (version ${facts.version}, ${facts.dataAsOf ? `data as of ${facts.dataAsOf}` : 'no data yet'})
are licensed under the ${LICENSE_TITLE} licence (CC BY 4.0):
${LICENSE_URL}
Full legal code: ${LICENSE_URL}legalcode

You may share and adapt them for any purpose, including commercially, provided you give appropriate credit,
link to the licence and say whether you made changes. Please credit them as:

  ${attributionText(facts.version, facts.dataAsOf)}

The figures are what each server reported about itself on the day it was crawled, after the plausibility
rules described in DATA-DICTIONARY.md; they are not audited. Servers that asked to be left out are not included.
This licence covers the data only; the fedicensus software is licensed separately (AGPL-3.0-or-later).
`;
}

/**
 * CITATION.cff (CFF 1.2.0: cff-version, message, title and authors are required; url, license, version and
 * date-released are what a citation of a dataset needs). Every string is written JSON-quoted, which is also
 * valid YAML, so no value can break the file.
 */
export function citationCff(facts: ExportFacts): string {
  const q = (value: string): string => JSON.stringify(value);
  const asOf = facts.dataAsOf ?? 'none yet';
  const lines = [
    'cff-version: 1.2.0',
    `message: ${q(`If you use these data, please cite them as below: ${attributionText(facts.version, facts.dataAsOf)}`)}`,
    'type: dataset',
    `title: ${q(`${DATASET_TITLE} (data as of ${asOf})`)}`,
    'authors:',
    `  - name: ${q(DATASET_AUTHOR)}`,
    `version: ${q(facts.version)}`,
    `date-released: ${q(facts.generatedAt.slice(0, 10))}`,
    `license: ${LICENSE_ID}`,
    `url: ${q(facts.homepage ?? PROJECT_URL)}`,
    `repository-code: ${q(PROJECT_URL)}`,
    `abstract: ${q(`${DATASET_DESCRIPTION} Data as of ${asOf} (UTC); version ${facts.version}.`)}`,
    'keywords:',
    ...DATASET_KEYWORDS.map((k) => `  - ${q(k)}`),
  ];
  return `${lines.join('\n')}\n`;
}

// datapackage.json as a Frictionless Data Package v2 (https://datapackage.org/standard/data-package/).
// v2 dropped the `tabular-data-package` / `data-resource` profiles: the package and each resource name their
// profile with `$schema`, and a tabular resource says `type: "table"` whatever its format, so the Parquet files
// carry the same Table Schema as the CSVs. Built from the list of files written (path, format, rows, bytes,
// SHA-256), so a table split into several files (one per month, say) is one resource with a list of paths.
import { PUBLISHED_TABLES, type DataFormat, type PublishedColumn, type PublishedTable } from './columns.ts';
import { DATASET_AUTHOR, DATASET_DESCRIPTION, DATASET_KEYWORDS, DATASET_TITLE, LICENSE_ID, LICENSE_TITLE, LICENSE_URL, type ExportFacts, type WrittenTableFile } from './metadata.ts';

/** The v2 profiles (https://datapackage.org/profiles/). */
export const PROFILES = {
  package: 'https://datapackage.org/profiles/2.0/datapackage.json',
  resource: 'https://datapackage.org/profiles/2.0/dataresource.json',
  dialect: 'https://datapackage.org/profiles/2.0/tabledialect.json',
  schema: 'https://datapackage.org/profiles/2.0/tableschema.json',
} as const;

/** IANA media types (Parquet: registered 2024, https://www.iana.org/assignments/media-types/application/vnd.apache.parquet). */
export const MEDIA_TYPES: Readonly<Record<DataFormat, string>> = {
  csv: 'text/csv',
  parquet: 'application/vnd.apache.parquet',
};

export function dataPackage(facts: ExportFacts): Record<string, unknown> {
  return {
    $schema: PROFILES.package,
    name: 'fedicensus',
    title: DATASET_TITLE,
    description: DATASET_DESCRIPTION,
    version: facts.version,
    created: facts.generatedAt,
    ...(facts.homepage ? { homepage: facts.homepage } : {}),
    keywords: [...DATASET_KEYWORDS],
    // Not a Frictionless property (v2 allows more); kept so the package alone says which day the data describe.
    dataAsOf: facts.dataAsOf,
    licenses: [{ name: LICENSE_ID, title: LICENSE_TITLE, path: LICENSE_URL }],
    contributors: [{ title: DATASET_AUTHOR, roles: ['creator'] }],
    resources: resourceGroups(facts.files).map(resource),
  };
}

/** The resource name of a table in a format, e.g. `weekly-activity-parquet` (also the foreign keys' target). */
export function resourceName(table: PublishedTable['name'], format: DataFormat): string {
  return `${table.replaceAll('_', '-')}-${format}`;
}

interface ResourceGroup {
  readonly table: PublishedTable;
  readonly format: DataFormat;
  /** Sorted by path, so a month-partitioned table lists its months in order. */
  readonly files: readonly WrittenTableFile[];
}

/** One group per (table, format), in the order the files were written. */
function resourceGroups(files: readonly WrittenTableFile[]): ResourceGroup[] {
  const groups = new Map<string, { table: PublishedTable; format: DataFormat; files: WrittenTableFile[] }>();
  for (const file of files) {
    const key = resourceName(file.table, file.format);
    let group = groups.get(key);
    if (!group) {
      const table = PUBLISHED_TABLES.find((t) => t.name === file.table);
      if (!table) throw new Error(`unknown table ${file.table}`);
      group = { table, format: file.format, files: [] };
      groups.set(key, group);
    }
    group.files.push(file);
  }
  return [...groups.values()].map((g) => ({ ...g, files: [...g.files].sort((a, b) => a.name.localeCompare(b.name)) }));
}

function resource({ table, format, files }: ResourceGroup): Record<string, unknown> {
  const csv = format === 'csv';
  const single = files.length === 1 ? files[0]! : null;
  return {
    $schema: PROFILES.resource,
    name: resourceName(table.name, format),
    type: 'table',
    // One file: its path, size and hash. Several: the list of paths (their sizes and hashes are in
    // manifest.json and SHA256SUMS; `bytes` is their total, a resource has one `hash` only).
    path: single ? single.name : files.map((f) => f.name),
    title: `${table.title} (${csv ? 'CSV' : 'Parquet'})`,
    description: table.description,
    format,
    mediatype: MEDIA_TYPES[format],
    ...(csv ? { encoding: 'utf-8', dialect: { $schema: PROFILES.dialect, header: true, delimiter: ',', doubleQuote: true } } : {}),
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    ...(single ? { hash: `sha256:${single.sha256}` } : {}),
    // Gzipped CSV (csv.gz): the v1 compression pattern that v2 tools still read; the bytes stay the CSV dialect.
    ...(files.every((f) => f.name.endsWith('.gz')) ? { compression: 'gz' } : {}),
    schema: {
      $schema: PROFILES.schema,
      fields: table.columns.map(field),
      primaryKey: [...table.primaryKey],
      missingValues: [''],
      ...(table.name === 'servers'
        ? {}
        : { foreignKeys: [{ fields: ['domain'], reference: { resource: resourceName('servers', format), fields: ['domain'] } }] }),
    },
  };
}

function field(column: PublishedColumn): Record<string, unknown> {
  return {
    name: column.name,
    type: column.type,
    description: column.description,
    // The Table Schema defaults: date YYYY-MM-DD, datetime YYYY-MM-DDThh:mm:ssZ; exactly what the CSVs hold.
    format: 'default',
    ...(column.type === 'boolean' ? { trueValues: ['true'], falseValues: ['false'] } : {}),
    ...(column.required ? { constraints: { required: true } } : {}),
  };
}

// `fedicensus export`: the census as open datasets (CSV and/or Parquet) with their dictionary, licence,
// citation, manifest and checksums. DuckDB writes the data files itself (COPY ... TO), so a table of
// millions of rows streams to disk without passing through JavaScript.
import { createHash } from 'node:crypto';
import { stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { writeDirAtomically } from './atomic-dir.ts';
import { sha256File, sha256sums } from './checksum.ts';
import { PUBLISHED_TABLES, selectFor, type DataFormat } from './columns.ts';
import { dataDictionary } from './dictionary.ts';
import { dataPackage } from './datapackage.ts';
import { citationCff, licenseNotice, type ExportFacts, type WrittenTableFile } from './metadata.ts';
import { connectionDb, type Db } from '../db.ts';
import { derivedDictionary, writeDerivedFiles } from './derived.ts';
import type { VersionLayout } from './layout.ts';
import { writePartitions, type PartitionOptions, type PartitionResult } from './partitions.ts';
import { withCensusReadOnly } from './readonly.ts';
import { versionId } from './version.ts';
import { formatDateTime } from '../../core/time.ts';

export type ExportFormat = DataFormat | 'both';

export interface ExportOptions {
  readonly dbPath: string;
  /** Created or replaced as a whole; its parent must be writable (the temp directory goes there). */
  readonly outDir: string;
  readonly format?: ExportFormat;
  /** The export's generatedAt (and the default version's timestamp). */
  readonly now: Date;
  /** Defaults to versionId(now, a hash of the data files' SHA-256). */
  readonly version?: string;
  /** The public URL of the data page, for datapackage.json's homepage and CITATION.cff's url (metadata.ts). */
  readonly homepage?: string | null;
}

/** One entry of manifest.json; `rows` is null for files that are not tables. */
export interface ManifestFile {
  readonly name: string;
  readonly bytes: number;
  readonly sha256: string;
  readonly rows: number | null;
}

/** manifest.json. Covers every file of the export except SHA256SUMS (which covers manifest.json). */
export interface ExportManifest {
  /** Latest snapshot day (YYYY-MM-DD), null when the census has no snapshots yet. */
  readonly dataAsOf: string | null;
  readonly generatedAt: string;
  readonly version: string;
  readonly files: readonly ManifestFile[];
}

export interface ExportSummary {
  readonly outDir: string;
  readonly manifest: ExportManifest;
  /** Rows per table, all its files together (the same in every format written). */
  readonly rows: Readonly<Record<string, number>>;
  /** All files written, SHA256SUMS included. */
  readonly totalBytes: number;
}

export const MANIFEST_FILE = 'manifest.json';
export const SUMS_FILE = 'SHA256SUMS';

export async function exportCensus(options: ExportOptions): Promise<ExportSummary> {
  const formats: readonly DataFormat[] =
    (options.format ?? 'both') === 'both' ? ['csv', 'parquet'] : [options.format as DataFormat];
  return withCensusReadOnly(options.dbPath, async (census) =>
    writeDirAtomically(options.outDir, async (dir) => {
      const data = await writeDataFiles({
        connection: census.connection,
        dir,
        formats,
        now: options.now,
        version: options.version,
        previous: null,
        homepage: options.homepage ?? null,
      });
      return { ...(await writeDocuments(data, connectionDb(census.connection))), outDir: path.resolve(options.outDir) };
    }),
  );
}

export interface DatasetsOptions {
  /** Resolves the census's table names (the census itself, or a connection that has `USE`d it). */
  readonly connection: DuckDBConnection;
  /** The datasets directory, existing and empty. */
  readonly dir: string;
  readonly formats: readonly DataFormat[];
  readonly now: Date;
  /** Default: versionId(now, a hash of every data file's SHA-256), so the same data gives the same suffix. */
  readonly version?: string;
  /** The previous version, whose unchanged partitions are linked instead of written (partitions.ts). */
  readonly previous: PartitionOptions['previous'];
  /** The public URL of the data page (ExportOptions.homepage). */
  readonly homepage?: string | null;
}

/** The data files of a version, before its documents: what the documents and the manifest describe. */
export interface WrittenData {
  readonly dir: string;
  readonly version: string;
  readonly dataAsOf: string | null;
  readonly generatedAt: string;
  readonly files: readonly WrittenTableFile[];
  readonly layout: VersionLayout;
  readonly partitions: Omit<PartitionResult, 'layout'>;
  readonly homepage: string | null;
}

/**
 * Writes one version's data files into `dir`: the small tables whole (`servers.csv`, `servers.parquet`),
 * the growing ones as monthly partitions (partitions.ts). writeDocuments then describes them.
 */
export async function writeDataFiles(options: DatasetsOptions): Promise<WrittenData> {
  const { connection, dir, formats } = options;
  const dataAsOf = await latestDay(connection);
  const files: WrittenTableFile[] = [];
  for (const format of formats) {
    for (const table of PUBLISHED_TABLES.filter((t) => !t.partitioning)) {
      const name = `${table.name}.${format}`;
      const rows = await copyTo(connection, selectFor(table, format), path.join(dir, name), format);
      files.push({ table: table.name, format, name, rows, ...(await describe(dir, name)) });
    }
  }
  const { layout, ...partitions } = await writePartitions({ connection, outDir: dir, formats, previous: options.previous });
  for (const f of layout.files) {
    files.push({ table: f.table as WrittenTableFile['table'], format: f.format, name: f.name, rows: f.rows, bytes: f.bytes, sha256: f.sha256 });
  }
  const dataHash = createHash('sha256').update(sha256sums(files)).digest('hex');
  const version = options.version ?? versionId(options.now, dataHash);
  return { dir, version, dataAsOf, generatedAt: formatDateTime(options.now), files, layout, partitions, homepage: options.homepage ?? null };
}

/**
 * Writes the derived tables (the weekly series with its parts, the method changes, the data changelog:
 * derived.ts, computed through `db`, which reads the same data) and the documents that describe the data
 * files, then manifest.json and SHA256SUMS over everything.
 */
export async function writeDocuments(data: WrittenData, db: Db): Promise<ExportSummary> {
  const { dir, version, dataAsOf, generatedAt } = data;
  const facts: ExportFacts = { version, dataAsOf, generatedAt, files: data.files, homepage: data.homepage };
  const derived = await writeDerivedFiles(db, dir);
  const documents: ReadonlyArray<readonly [string, string]> = [
    ['datapackage.json', `${JSON.stringify(dataPackage(facts), null, 2)}\n`],
    ['DATA-DICTIONARY.md', `${dataDictionary(facts)}\n${derivedDictionary()}`],
    ['LICENSE', licenseNotice(facts)],
    ['CITATION.cff', citationCff(facts)],
  ];
  const files: ManifestFile[] = data.files.map(({ name, bytes, sha256, rows }) => ({ name, bytes, sha256, rows }));
  for (const { name, rows } of derived) files.push({ name, rows, ...(await describe(dir, name)) });
  for (const [name, text] of documents) files.push(await writeDocument(dir, name, text));
  const manifest: ExportManifest = { dataAsOf, generatedAt, version, files };
  const manifestFile = await writeDocument(dir, MANIFEST_FILE, `${JSON.stringify(manifest, null, 2)}\n`);
  const sums = await writeDocument(dir, SUMS_FILE, sha256sums([...files, manifestFile]));
  const rows: Record<string, number> = {};
  const first = data.files[0]?.format;
  for (const f of data.files) if (f.format === first) rows[f.table] = (rows[f.table] ?? 0) + f.rows;
  const totalBytes = [...files, manifestFile, sums].reduce((sum, f) => sum + f.bytes, 0);
  return { outDir: dir, manifest, rows, totalBytes };
}

/** A few lines for the terminal: what was written and how big. */
export function formatExportSummary(summary: ExportSummary): string {
  const { manifest } = summary;
  const lines = [
    `exported census version ${manifest.version} (data as of ${manifest.dataAsOf ?? 'no snapshots yet'}) to ${summary.outDir}`,
    ...Object.entries(summary.rows).map(([table, rows]) => `  ${table}: ${rows} rows`),
    ...manifest.files.map((f) => `  ${f.name}: ${f.bytes} bytes`),
    `  total: ${summary.totalBytes} bytes in ${manifest.files.length + 2} files`,
  ];
  return lines.join('\n');
}

async function latestDay(connection: DuckDBConnection): Promise<string | null> {
  const snapshots = PUBLISHED_TABLES.find((t) => t.name === 'snapshots')!;
  const reader = await connection.runAndReadAll(`SELECT strftime(max(t.day), '%Y-%m-%d') AS day FROM ${snapshots.from}`);
  const day = reader.getRowObjects()[0]?.day;
  return typeof day === 'string' ? day : null;
}

/** Runs COPY and returns the rows written (DuckDB answers a COPY with a single "Count" value). */
async function copyTo(connection: DuckDBConnection, select: string, file: string, format: DataFormat): Promise<number> {
  // Parquet: zstd is built in and compresses these repetitive columns well; CSV keeps DuckDB's RFC 4180 output.
  const settings = format === 'csv' ? `FORMAT csv, HEADER true, DELIMITER ','` : `FORMAT parquet, COMPRESSION zstd`;
  const reader = await connection.runAndReadAll(`COPY (${select}) TO ${sqlString(file)} (${settings})`);
  return Number(reader.getRows()[0]?.[0] ?? 0);
}

async function writeDocument(dir: string, name: string, text: string): Promise<ManifestFile> {
  await writeFile(path.join(dir, name), text, 'utf8');
  return { name, rows: null, ...(await describe(dir, name)) };
}

async function describe(dir: string, name: string): Promise<{ bytes: number; sha256: string }> {
  const file = path.join(dir, name);
  return { bytes: (await stat(file)).size, sha256: await sha256File(file) };
}

function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

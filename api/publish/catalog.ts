// What is published and downloadable right now: the current pointer and every kept version's export
// manifest. Read from disk on demand (a few small JSON files), so a new publication shows up at once
// without telling the server.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { DATASETS_DIR, readCurrent, type CurrentPointer } from './current.ts';
import { MANIFEST_FILE, SUMS_FILE, type ExportManifest } from './export.ts';
import { listVersions } from './publish.ts';

const ManifestSchema = z.object({
  dataAsOf: z.string().nullable(),
  generatedAt: z.string(),
  version: z.string(),
  files: z.array(
    z.object({ name: z.string(), bytes: z.number(), sha256: z.string(), rows: z.number().nullable() }),
  ),
});

export interface PublishedVersion {
  readonly version: string;
  /** Directory holding the export's files. */
  readonly datasetsDir: string;
  readonly manifest: ExportManifest;
}

export interface Catalog {
  readonly current: CurrentPointer | null;
  /** Newest first; the current version among them. */
  readonly versions: readonly PublishedVersion[];
}

export async function readCatalog(publishDir: string): Promise<Catalog> {
  const current = await readCurrent(publishDir);
  const versions: PublishedVersion[] = [];
  for (const version of await listVersions(publishDir)) {
    const found = await readVersion(publishDir, version);
    if (found) versions.push(found);
  }
  return { current, versions };
}

/**
 * One version's manifest, or null when the directory holds no readable export (a version being pruned, or
 * a leftover of a failed run): such a version is simply not offered.
 */
export async function readVersion(publishDir: string, version: string): Promise<PublishedVersion | null> {
  const datasetsDir = path.join(publishDir, version, DATASETS_DIR);
  try {
    const manifest = ManifestSchema.parse(JSON.parse(await readFile(path.join(datasetsDir, MANIFEST_FILE), 'utf8')));
    return { version, datasetsDir, manifest };
  } catch {
    return null;
  }
}

/**
 * The files of a version that may be served: those its manifest lists, plus the manifest and SHA256SUMS.
 * Serving only names from this list is what keeps a request from reaching any other file.
 */
export function servableFiles(version: PublishedVersion): ReadonlySet<string> {
  return new Set([...version.manifest.files.map((f) => f.name), MANIFEST_FILE, SUMS_FILE]);
}

/** Content-Type by extension, for the kinds of file an export holds. */
export function contentTypeOf(name: string): string {
  const ext = path.extname(name).toLowerCase();
  switch (ext) {
    case '.csv':
      return 'text/csv; charset=utf-8';
    case '.gz':
      return 'application/gzip'; // a partition's CSV, gzip'd (csv/<table>/month=.../part-0.csv.gz)
    case '.parquet':
      return 'application/vnd.apache.parquet';
    case '.json':
      return 'application/json; charset=utf-8';
    case '.md':
      return 'text/markdown; charset=utf-8';
    case '.cff':
      return 'application/yaml; charset=utf-8'; // CFF is YAML (RFC 9512 media type)
    default:
      return 'text/plain; charset=utf-8'; // LICENSE, SHA256SUMS
  }
}

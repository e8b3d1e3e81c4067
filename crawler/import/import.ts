// `fedicensus import`: reads files of the known formats (./formats.ts) and writes them into the census in
// one transaction, so a failure leaves nothing half-written. Every file is read (and so checked) before
// anything is written. A file already imported (same SHA-256) changes nothing; the writes themselves replace
// what a (source, day, server) held, so importing a file again after a change never duplicates a row.
// Observations go through the crawl's own writer (../store/census-writer.ts) under the file's source id; a
// server-day another source already holds (the census's own crawl, say) is left alone, never overwritten.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { DuckDBConnection } from '@duckdb/node-api';
import { CensusWriter } from '../store/census-writer.ts';
import { readImportFile } from './formats.ts';
import { sourceById } from '../../core/sources.ts';
import type { ImportedFile, ReferencePoint } from './types.ts';

export interface ImportInput {
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface ImportOutcome {
  readonly file: string;
  readonly format: string;
  readonly source: string;
  /** unchanged: this very file (by its SHA-256) was imported before, nothing was written. */
  readonly status: 'imported' | 'unchanged';
  readonly firstDay: string | null;
  readonly lastDay: string | null;
  /** Server-days observed, or reference points. */
  readonly records: number;
  /** Server-days left out because another source (or the operator's exclude list) holds them. */
  readonly skipped: number;
  readonly notes: readonly string[];
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Reads every file, then writes them all in one transaction. Throws ImportFormatError before writing anything. */
export async function importFiles(db: DuckDBConnection, inputs: readonly ImportInput[], now: Date): Promise<ImportOutcome[]> {
  const files = inputs.map((input) => ({ input, hash: sha256(input.bytes), file: readImportFile(input.name, input.bytes) }));
  const outcomes: ImportOutcome[] = [];
  const seen = new Set<string>();
  await new CensusWriter(db).transaction(async () => {
    for (const { input, hash, file } of files) {
      const done = await db.runAndReadAll(`SELECT 1 FROM imports WHERE sha256 = ?`, [hash]);
      const days = daysOf(file);
      const base = { file: path.basename(input.name), format: file.format, source: file.source, firstDay: days[0] ?? null, lastDay: days.at(-1) ?? null, notes: file.notes };
      if (done.currentRowCount > 0 || seen.has(hash)) {
        outcomes.push({ ...base, status: 'unchanged', records: 0, skipped: 0 });
        continue;
      }
      seen.add(hash);
      await recordSource(db, file.source);
      const written = file.kind === 'reference' ? await writeReference(db, file.source, file.points) : await writeObservations(db, file, base.file);
      await db.run(
        `INSERT INTO imports VALUES (?, ?, ?, ?, ?::DATE, ?::DATE, ?, ?::TIMESTAMP)`,
        [hash, file.source, file.format, base.file, base.firstDay, base.lastDay, written.records, now.toISOString()],
      );
      outcomes.push({ ...base, status: 'imported', ...written });
    }
  });
  return outcomes;
}

function daysOf(file: ImportedFile): string[] {
  const days = file.kind === 'reference' ? file.points.map((p) => p.day) : file.days.map((d) => d.day);
  return [...new Set(days)].sort();
}

async function recordSource(db: DuckDBConnection, id: string): Promise<void> {
  const s = sourceById(id);
  if (!s) throw new Error(`no provenance for source ${id} (core/sources.ts)`);
  await db.run(
    `INSERT INTO sources VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET
       name = excluded.name, url = excluded.url, licence = excluded.licence, collected = excluded.collected, coverage = excluded.coverage`,
    [s.id, s.name, s.url, s.licence, s.collected, s.coverage],
  );
}

async function writeReference(db: DuckDBConnection, source: string, points: readonly ReferencePoint[]) {
  // The readers checked every day (YYYY-MM-DD) and value (a whole number), so they go in as literals.
  for (let i = 0; i < points.length; i += 500) {
    const values = points
      .slice(i, i + 500)
      .map((p) => `($1, DATE '${p.day}', '${p.metric.replaceAll("'", "''")}', ${Math.trunc(p.value)})`)
      .join(', ');
    await db.run(`INSERT OR REPLACE INTO reference_series (source, day, metric, value) VALUES ${values}`, [source]);
  }
  return { records: points.length, skipped: 0 };
}

async function writeObservations(db: DuckDBConnection, file: Extract<ImportedFile, { kind: 'observations' }>, fileName: string) {
  const writer = new CensusWriter(db, file.source);
  const excluded = await writer.excludedDomains();
  let records = 0;
  let skipped = 0;
  for (const { day, observations } of file.days) {
    const held = await domainsHeldByOthers(db, day, file.source);
    const kept = observations.filter((o) => !excluded.has(o.domain) && !held.has(o.domain));
    skipped += observations.length - kept.length;
    if (kept.length === 0) continue;
    const at = new Date(`${day}T00:00:00Z`); // the files hold days, not times
    const runId = (await runOf(db, day, file.source)) ?? (await writer.beginRun(day, at, { import: fileName, format: file.format }));
    await writer.recordWithinTransaction(day, runId, kept.map((o) => ({ domain: o.domain, listedBy: null })), kept, at);
    await finishImportedRun(db, writer, runId, day, file.source, at);
    records += kept.length;
  }
  return { records, skipped };
}

async function domainsHeldByOthers(db: DuckDBConnection, day: string, source: string): Promise<Set<string>> {
  const reader = await db.runAndReadAll(
    `SELECT domain FROM attempts WHERE day = $1::DATE AND source <> $2 UNION SELECT domain FROM snapshots WHERE day = $1::DATE AND source <> $2`,
    [day, source],
  );
  return new Set(reader.getColumns()[0]?.map(String) ?? []);
}

async function runOf(db: DuckDBConnection, day: string, source: string): Promise<number | null> {
  const reader = await db.runAndReadAll(`SELECT min(run_id)::INTEGER AS id FROM crawl_runs WHERE day = ?::DATE AND source = ?`, [day, source]);
  const id = reader.getRowObjects()[0]?.id;
  return id === null || id === undefined ? null : Number(id);
}

/** The run's totals from what the census now holds for the day and source, so writing it again gives the same. */
async function finishImportedRun(db: DuckDBConnection, writer: CensusWriter, runId: number, day: string, source: string, at: Date): Promise<void> {
  const reader = await db.runAndReadAll(
    `SELECT (SELECT count(*) FROM servers WHERE first_seen <= $1::DATE AND status IS DISTINCT FROM 'excluded')::INTEGER AS known,
            (SELECT count(*) FROM attempts WHERE day = $1::DATE AND source = $2)::INTEGER AS attempted,
            (SELECT count(*) FROM snapshots WHERE day = $1::DATE AND source = $2)::INTEGER AS ok,
            (SELECT count(*) FROM servers WHERE first_seen = $1::DATE)::INTEGER AS new_servers`,
    [day, source],
  );
  const r = reader.getRowObjects()[0]!;
  const ok = Number(r.ok);
  await writer.finishRun(runId, at, { known: Number(r.known), attempted: Number(r.attempted), ok, newServers: Number(r.new_servers), outcomes: { ok } });
}


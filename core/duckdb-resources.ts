// How much of the machine DuckDB may take: one home for the memory limit, threads and spill directory of
// every DuckDB instance fedicensus opens (the crawl's writer, publishing, export, the API, the site build).
// DuckDB's own default memory limit is 80% of RAM: a nightly publish of a 5-year census peaked at 15 GB on a
// 24 GB machine. With a limit, big sorts and joins spill to `temp_directory` instead of growing.
//
// The CLI parses `--memory-limit` once (scripts/config.ts) and sets it here for the process
// (configureDuckDb); every opener asks duckDbOptions() for the settings of the instance it creates.
import os from 'node:os';
import path from 'node:path';

export interface DuckDbResources {
  /** DuckDB memory_limit, e.g. "512MiB" (DuckDB's size syntax, checked by parseMemoryLimit). */
  readonly memoryLimit: string;
  /** Worker threads per instance. */
  readonly threads: number;
  /** Where an instance without a database file spills (a file-backed one spills to `<file>.tmp`). */
  readonly tempDirectory: string;
}

const MIB = 1024 * 1024;
/**
 * The default ceiling: enough for a night's publish at the 5-year, 40,000-server scale. DuckDB's limit bounds
 * its buffer pool, not the process: a night's publish there peaked at 944-995 MB RSS with 512 MiB and 614 MB
 * with 320 MiB, in the same time (docs/benchmarks.md, "Publishing"), and the nightly must stay under 1 GB
 * with the crawl's own heap beside it.
 */
export const DEFAULT_MEMORY_CAP_BYTES = 320 * MIB;

/** 320 MiB or a quarter of the machine's RAM, whichever is smaller (in whole MiB). */
export function defaultMemoryLimit(totalBytes: number = os.totalmem()): string {
  const bytes = Math.min(DEFAULT_MEMORY_CAP_BYTES, Math.floor(totalBytes / 4));
  return `${Math.max(64, Math.floor(bytes / MIB))}MiB`;
}

/** Threads: the cores, at most 4 (more buys little on these queries and each holds its own buffers). */
export function defaultThreads(cpus: number = os.availableParallelism()): number {
  return Math.max(1, Math.min(4, cpus));
}

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1e3, mb: 1e6, gb: 1e9, kib: 1024, mib: MIB, gib: 1024 * MIB };

/**
 * Checks a memory limit as a person writes it ("512MB", "1GB", "768MiB") and returns it in DuckDB's form, or
 * null when it is not one. At least 64 MB: below that DuckDB cannot run the census queries at all.
 */
export function parseMemoryLimit(text: string): string | null {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmg]i?b|b)\s*$/i.exec(text);
  if (!match) return null;
  const bytes = Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
  if (!Number.isFinite(bytes) || bytes < 64 * 1e6) return null;
  return `${Math.floor(bytes / MIB)}MiB`; // DuckDB reads MB as 1000^2 bytes, MiB as 1024^2
}

let configured: DuckDbResources | null = null;

/** The process's settings: what configureDuckDb set, else the defaults for this machine. */
export function duckDbResources(): DuckDbResources {
  return (
    configured ?? {
      memoryLimit: defaultMemoryLimit(),
      threads: defaultThreads(),
      tempDirectory: path.join(os.tmpdir(), 'fedicensus-duckdb'),
    }
  );
}

/** Sets the limits for every DuckDB instance this process opens from now on (the CLI calls it once). */
export function configureDuckDb(settings: Partial<DuckDbResources>): DuckDbResources {
  configured = { ...duckDbResources(), ...settings };
  return configured;
}

/**
 * The options for DuckDBInstance.create. `inMemory`: the instance has no database file, so it needs an
 * explicit spill directory (a file-backed instance spills beside its file). Insertion order is kept (the
 * default) because the published Parquet files must come out the same every time.
 */
export function duckDbOptions(extra: Readonly<Record<string, string>> = {}, inMemory = false): Record<string, string> {
  const r = duckDbResources();
  return {
    memory_limit: r.memoryLimit,
    threads: String(r.threads),
    ...(inMemory ? { temp_directory: r.tempDirectory } : {}),
    ...extra,
  };
}

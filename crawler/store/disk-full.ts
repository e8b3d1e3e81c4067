// A full disk, said plainly. DuckDB reports it inside a longer message ("Failed to commit: Could not write
// file \".../census.duckdb.wal\": No space left on device"), Node as an error with code ENOSPC and a path;
// either way the operator needs three facts: the disk is full, where, and that a rerun after freeing space
// resumes the day (every batch already committed is kept; the batch that failed was rolled back).

export class DiskFullError extends Error {
  readonly code = 'ENOSPC';

  constructor(
    /** The file that could not be written, when the error named one. */
    readonly path: string | null,
    readonly original: Error,
  ) {
    super(
      `disk full (ENOSPC)${path ? ` writing ${path}` : ''}: free some space and run again; ` +
        'what was written before is kept and the day resumes where it stopped',
    );
  }
}

const NO_SPACE = /No space left on device|ENOSPC/i;
// DuckDB names the file in double quotes: Could not write file "/path/census.duckdb.wal": ...
const QUOTED_FILE = /file "([^"]+)"/;

/** The error as a DiskFullError when it is one (naming `fallbackPath` if it names no file), else unchanged. */
export function asDiskFull(err: unknown, fallbackPath: string | null = null): unknown {
  if (err instanceof DiskFullError || !(err instanceof Error)) return err;
  const code = (err as NodeJS.ErrnoException).code;
  if (code !== 'ENOSPC' && !NO_SPACE.test(err.message)) return err;
  const named = (err as NodeJS.ErrnoException).path ?? QUOTED_FILE.exec(err.message)?.[1] ?? fallbackPath;
  return new DiskFullError(named ?? null, err);
}

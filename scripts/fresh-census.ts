// The demo and the history site each build a census from scratch: they remove what an earlier run of theirs
// left (the census file, its write-ahead log, the publications beside it) and nothing else. Removing the
// census's folder instead would take whatever else a user keeps there (`--db data/x.duckdb` would take data/,
// the seeds and the history files with it).
import { rm } from 'node:fs/promises';
import { defaultPublishDir } from '../api/publish/current.ts';

export async function removeCensus(dbPath: string): Promise<void> {
  await Promise.all([
    rm(dbPath, { force: true }),
    rm(`${dbPath}.wal`, { force: true }),
    rm(defaultPublishDir(dbPath), { recursive: true, force: true }),
  ]);
}

// The demo and the history site start from a fresh census: they remove their census, its WAL and its
// publications, never the rest of the folder (a `--db data/x.duckdb` once meant `rm -r data/`).
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { removeCensus } from '../../scripts/fresh-census.ts';

it('removes the census, its write-ahead log and its publications, and leaves everything else in the folder', async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-fresh-'));
  try {
    const db = path.join(dir, 'x.duckdb');
    await writeFile(db, '');
    await writeFile(`${db}.wal`, '');
    await mkdir(path.join(dir, 'published', 'v1'), { recursive: true });
    await writeFile(path.join(dir, 'seeds.txt'), 'mastodon.social\n');
    await mkdir(path.join(dir, 'history'));
    await removeCensus(db);
    expect((await readdir(dir)).sort()).toEqual(['history', 'seeds.txt']);
    await removeCensus(db); // nothing left to remove: no error
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

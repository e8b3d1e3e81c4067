// Export must refuse a census that another process holds open for writing (a crawl still running), clearly,
// and leave nothing behind. DuckDB's file lock is per process, so the writer has to be a real child process.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCensus } from '../../../api/publish/export.ts';
import { publishCensus } from '../../../api/publish/publish.ts';
import { CensusLockedError } from '../../../api/publish/readonly.ts';
import { DatabaseBusyError } from '../../../core/census-file.ts';
import { buildCensus, tempDir } from './census-fixture.ts';

const now = new Date('2026-11-26T03:12:00Z');
const REPO = path.resolve(import.meta.dirname, '../../..');

// Opens the file read-write, says so, and holds it until its stdin closes.
const HOLDER = `
import { DuckDBInstance } from '@duckdb/node-api';
const instance = await DuckDBInstance.create(process.argv[1]);
const connection = await instance.connect();
await connection.run('SELECT 1');
process.stdout.write('open\\n');
process.stdin.resume();
process.stdin.on('end', () => { connection.closeSync(); instance.closeSync(); process.exit(0); });
`;

let root: string;
let dbPath: string;
let holder: ChildProcess;

beforeAll(async () => {
  root = await tempDir('lock');
  dbPath = path.join(root, 'census.duckdb');
  await buildCensus(dbPath);
  holder = spawn(process.execPath, ['--input-type=module', '-e', HOLDER, dbPath], {
    cwd: REPO,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const [chunk] = (await once(holder.stdout!, 'data')) as [Buffer];
  expect(chunk.toString()).toBe('open\n');
});

afterAll(async () => {
  if (holder.exitCode === null) {
    holder.stdin!.end();
    await once(holder, 'exit');
  }
  await rm(root, { recursive: true, force: true });
});

describe('a census locked by a writer', () => {
  it('makes export fail with an error that says the file is locked by a writer', async () => {
    const outDir = path.join(root, 'out');
    const failure = exportCensus({ dbPath, outDir, format: 'both', now });
    await expect(failure).rejects.toThrow(CensusLockedError);
    await expect(failure).rejects.toThrow(/locked by a process that has it open for writing/);
    await expect(failure).rejects.toBeInstanceOf(DatabaseBusyError);
    expect(await readdir(root)).toEqual(['census.duckdb']);
  });

  it('makes publish fail the same way and leave the publish directory without versions or pointer', async () => {
    const publishDir = path.join(root, 'published');
    await expect(publishCensus({ dbPath, publishDir, now })).rejects.toThrow(CensusLockedError);
    expect(await readdir(publishDir)).toEqual([]);
  });
});

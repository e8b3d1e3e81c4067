// Real data, replayed: the 968 Lemmy servers of one lemmy-stats-crawler run (2023-09-27) served by the
// simulator with their real user counts. A crawl from one seed, through the real `fedicensus crawl` command
// in a child process, must reproduce the run's published total: 517,181 users over 968 servers.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildLemmyReplay, type LemmyReplay } from '../../sim/lemmy-replay.ts';
import { startSimFediverse, type SimFediverse } from '../../sim/server.ts';

const run = promisify(execFile);
let dir: string;
let sim: SimFediverse;
let replay: LemmyReplay;
let stdout: string;
let dbPath: string;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-lemmy-'));
  replay = buildLemmyReplay();
  sim = await startSimFediverse({ catalogue: replay.catalogue });
  dbPath = path.join(dir, 'census.duckdb');
  await writeFile(path.join(dir, 'exclude.txt'), '');
  const result = await run(
    process.execPath,
    [
      'scripts/fedicensus.mjs', 'crawl',
      '--db', dbPath,
      '--day', '2023-09-27',
      '--seeds', replay.seed,
      '--exclude-file', path.join(dir, 'exclude.txt'),
      '--connect-to', sim.connectTo,
      '--concurrency', '32',
      '--timeout-ms', '20000',
      '--no-publish',
    ],
    { env: process.env, maxBuffer: 16 * 1024 * 1024 },
  );
  stdout = result.stdout;
}, 300_000);

afterAll(async () => {
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('replaying the 2023-09-27 Lemmy crawl', () => {
  it('the fixture is the published run: 968 valid names, totals as published', () => {
    expect(replay.catalogue.hosts).toHaveLength(968);
    expect(replay.invalidNames).toEqual([]);
    expect(replay.published.total_users).toBe(517_181);
  });

  it('reproduces 517,181 users over 968 servers', async () => {
    const instance = await DuckDBInstance.create(dbPath, { access_mode: 'READ_ONLY' });
    const connection = await instance.connect();
    const [row] = (
      await connection.runAndReadAll(
        `SELECT count(*)::INTEGER AS servers, sum(users_total)::INTEGER AS users, count(DISTINCT software)::INTEGER AS kinds FROM snapshots WHERE day = '2023-09-27'`,
      )
    ).getRowObjectsJson();
    connection.closeSync();
    instance.closeSync();
    expect(row).toEqual({ servers: 968, users: 517_181, kinds: 1 });
  });

  it('prints a summary a person can read', () => {
    expect(stdout).toMatch(/known:\s+968/);
    expect(stdout).toMatch(/ok:\s+968/);
    expect(stdout).toMatch(/new servers: 968/);
  });
});

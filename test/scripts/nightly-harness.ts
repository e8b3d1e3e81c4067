// `fedicensus nightly` as cron runs it, for the tests of test/scripts: a real child process against the
// simulated fediverse, optionally killed -9 once its output meets a condition, or started with extra
// `node` arguments (a fault injector, test/scripts/inject-enospc.mjs) and environment.
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll } from 'vitest';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { startSimFediverse, type SimFediverse } from '../../sim/server.ts';

/** The two days the tests crawl, a week apart. */
export const DAY1 = '2026-03-04';
export const DAY2 = '2026-03-11';

/** What a test file's nightlies run against: the simulated fediverse and a temporary directory. */
export interface NightlyBed {
  /** The temporary directory, with an empty `exclude.txt`; each test keeps its census in a directory of it. */
  readonly dir: string;
  readonly sim: SimFediverse;
}

/**
 * For the test file that calls it: before its tests, a temporary directory (named `prefix`…) and the
 * simulated fediverse (seed 11, 150 live and 50 dead servers, on DAY1); after them, both gone. The fields
 * are set once the file's `beforeAll` has run.
 */
export function useNightlyBed(prefix: string): NightlyBed {
  const bed = {} as { dir: string; sim: SimFediverse };
  beforeAll(async () => {
    bed.dir = await mkdtemp(path.join(os.tmpdir(), prefix));
    await writeFile(path.join(bed.dir, 'exclude.txt'), '');
    const catalogue = generateCatalogue({ seed: 11, aliveCount: 150, deadCount: 50 });
    bed.sim = await startSimFediverse({ catalogue, now: new Date(`${DAY1}T12:00:00Z`), slowDelayMs: 100 });
  });
  afterAll(async () => {
    await bed.sim?.close();
    if (bed.dir) await rm(bed.dir, { recursive: true, force: true });
  });
  return bed;
}

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface NightlyOptions {
  readonly killWhen?: (output: string) => boolean;
  readonly nodeArgs?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

/** Runs `fedicensus nightly` for `day` on `db`, seeded and connected to the bed's simulated fediverse. */
export function runNightly({ sim, dir }: NightlyBed, db: string, day: string, extra: string[] = [], options: NightlyOptions = {}): Promise<Run> {
  const args = [
    ...(options.nodeArgs ?? []),
    'scripts/fedicensus.mjs', 'nightly', '--db', db, '--day', day, '--seeds', sim.catalogue.seeds.join(','),
    '--exclude-file', path.join(dir, 'exclude.txt'), '--timeout-ms', '4000',
    ...(extra.includes('--connect-to') ? [] : ['--connect-to', sim.connectTo]),
    '--concurrency', '16', '--site-dir', path.join(path.dirname(db), 'site'), '--progress-interval-ms', '50', ...extra,
  ];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  const watch = () => {
    if (options.killWhen && child.exitCode === null && options.killWhen(stdout + stderr)) child.kill('SIGKILL');
  };
  child.stdout.on('data', (c: Buffer) => ((stdout += c), watch()));
  child.stderr.on('data', (c: Buffer) => ((stderr += c), watch()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

export async function query(db: string, sql: string): Promise<Record<string, unknown>[]> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  try {
    return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** What a day left in the census, in a form two censuses can be compared by. */
export const census = (db: string, day: string) =>
  Promise.all([
    query(db, `SELECT domain, status, reason FROM attempts WHERE day = '${day}' ORDER BY domain`),
    query(db, `SELECT domain, software, users_total, users_active_month, local_posts, quality FROM snapshots WHERE day = '${day}' ORDER BY domain`),
    query(db, `SELECT domain, week::VARCHAR AS week, registrations, observed_on::VARCHAR AS seen FROM weekly_activity ORDER BY ALL`),
    // Not listed_by: which of several concurrent peer lists names a server first is a race, even uninterrupted.
    query(db, `SELECT domain, status, first_seen::VARCHAR AS first_seen, first_seen_ok::VARCHAR AS ok, next_attempt::VARCHAR AS next FROM servers ORDER BY domain`),
  ]);

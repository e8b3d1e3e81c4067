// `fedicensus nightly` as cron runs it, for the tests of test/scripts: a real child process against the
// simulated fediverse, optionally killed -9 once its output meets a condition, or started with extra
// `node` arguments (a fault injector, test/scripts/inject-enospc.mjs) and environment.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import type { SimFediverse } from '../../sim/server.ts';

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

/** Runs `fedicensus nightly` for `day` on `db`, seeded and connected to the simulated fediverse. */
export function runNightly(sim: SimFediverse, excludeFile: string, db: string, day: string, extra: string[] = [], options: NightlyOptions = {}): Promise<Run> {
  const args = [
    ...(options.nodeArgs ?? []),
    'scripts/fedicensus.mjs', 'nightly', '--db', db, '--day', day, '--seeds', sim.catalogue.seeds.join(','),
    '--exclude-file', excludeFile, '--timeout-ms', '4000',
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

// Publishing benchmark (issue #14): what one more crawled day costs to publish on a long history.
//
//   1. the first publication of the census (once; skipped when --publish-dir already has one),
//   2. one more day appended to the census, as a crawl would leave it (every server of the last day seen
//      again, a little bigger; its attempts; a crawl run), or --add-days N of them,
//   3. publishing that day: wall time and peak RSS of `fedicensus publish` in its own process
//      (/usr/bin/time -v), and what the new version adds on disk (files that are not hard links to the
//      previous version's), against the new day's own data files,
//   4. a server's history, first request on a fresh reader of the new version, then warm.
//
// Usage: npx tsx bench/publish/run.ts --db bench/out/census-5y.duckdb [--publish-dir DIR] [--memory-limit SIZE]
// (make the census with bench/api/generate-history.ts). The census is written to (one day added per run).
import { readdir, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runTimed } from '../timed-process.ts';
import { openReadOnlyDb } from '../../api/db.ts';
import { serverRecord } from '../../api/metrics/servers.ts';
import { summaryForDay } from '../../api/metrics/summary.ts';
import { readCurrent } from '../../api/publish/current.ts';
import { defaultMemoryLimit } from '../../core/duckdb-resources.ts';
import { openCensusForWriting } from '../../crawler/store/db.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'bench/out/census-5y.duckdb' },
    'publish-dir': { type: 'string' },
    // Default: the product's own (core/duckdb-resources.ts), as a nightly runs it.
    'memory-limit': { type: 'string' },
    domain: { type: 'string', default: 's00042.bench-fedi.net' },
    // Days appended before the measured publication (more than 1: the nights between were not published, to
    // reach a night that closes a month or moves the weekly rows' cut).
    'add-days': { type: 'string', default: '1' },
    // Servers that switch software that night (to a fork): their settled weekly part moves (weekly-carried.ts).
    'software-changes': { type: 'string', default: '0' },
  },
});
const dbPath = path.resolve(values.db);
const publishDir = path.resolve(values['publish-dir'] ?? path.join(path.dirname(dbPath), 'published'));
const lines: string[] = [];
const say = (line: string): void => {
  console.log(line);
  lines.push(line);
};

interface Measured {
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakMb: number;
  readonly stdout: string;
}

/** `fedicensus publish` in its own process under /usr/bin/time -v. */
async function publish(): Promise<Measured> {
  const limit = values['memory-limit'] ? ['--memory-limit', values['memory-limit']] : [];
  const run = await runTimed(process.execPath, ['scripts/fedicensus.mjs', 'publish', '--db', dbPath, '--publish-dir', publishDir, ...limit]);
  if (run.code !== 0) throw new Error(`publish failed (${run.code}):\n${run.stderr}`);
  return { wallS: run.wallS, cpuS: run.cpuS, peakMb: run.peakMb, stdout: run.stdout.trim().split('\n').join('; ') };
}

/** Appends the day after the census's last one, as a night's crawl leaves it. */
async function addDay(): Promise<string> {
  const db = await openCensusForWriting(dbPath);
  try {
    const c = db.connection;
    const last = String((await c.runAndReadAll(`SELECT max(day)::VARCHAR AS d FROM snapshots`)).getRowObjects()[0]?.d);
    const day = `(DATE '${last}' + 1)`;
    // BY NAME: columns a later migration adds (source, ...) take their defaults.
    await c.run(`INSERT INTO snapshots BY NAME
      SELECT ${day} AS day, domain, software, version, users_total + 1 AS users_total, users_active_month, users_active_halfyear,
             local_posts + 3 AS local_posts, open_registrations, quality, sources, ${day}::TIMESTAMP + INTERVAL 2 HOUR AS crawled_at
      FROM snapshots WHERE day = DATE '${last}' ORDER BY domain`);
    await c.run(`INSERT INTO attempts BY NAME
      SELECT ${day} AS day, domain, status, reason, requests, ${day}::TIMESTAMP + INTERVAL 2 HOUR AS crawled_at,
             (SELECT max(run_id) + 1 FROM crawl_runs) AS run_id
      FROM attempts WHERE day = DATE '${last}' ORDER BY domain`);
    await c.run(`INSERT INTO crawl_runs BY NAME SELECT max(run_id) + 1 AS run_id, ${day} AS day, ${day}::TIMESTAMP AS started_at,
      ${day}::TIMESTAMP + INTERVAL 3 HOUR AS ended_at FROM crawl_runs`);
    await c.run(`UPDATE servers SET last_seen_ok = ${day}, last_attempt = ${day} WHERE last_seen_ok = DATE '${last}'`);
    await c.run('CHECKPOINT');
    return String((await c.runAndReadAll(`SELECT ${day}::VARCHAR AS d`)).getRowObjects()[0]?.d);
  } finally {
    db.close();
  }
}

/** N servers, spread over the alphabet, now run a fork of their software (servers.software, as a crawl sets it). */
async function switchSoftware(count: number): Promise<number> {
  const db = await openCensusForWriting(dbPath);
  try {
    await db.connection.run(`UPDATE servers SET software = software || '-fork' WHERE domain IN (
      SELECT domain FROM (SELECT domain, row_number() OVER (ORDER BY hash(domain)) AS n FROM servers WHERE software IS NOT NULL AND software NOT LIKE '%-fork')
      WHERE n <= ${count})`);
    await db.connection.run('CHECKPOINT');
    return count;
  } finally {
    db.close();
  }
}

/** Every file under `dir` with its size and inode. */
async function files(dir: string): Promise<{ name: string; bytes: number; ino: number }[]> {
  const out: { name: string; bytes: number; ino: number }[] = [];
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = path.join(e.parentPath, e.name);
    const info = await stat(full);
    out.push({ name: path.relative(dir, full), bytes: info.size, ino: info.ino });
  }
  return out;
}

const mb = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;

async function main(): Promise<void> {
  say(`Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
    `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} at start; ${new Date().toISOString()}`);
  say(`Census: ${dbPath} (${mb((await stat(dbPath)).size)}); --memory-limit ${values['memory-limit'] ?? `default (${defaultMemoryLimit()})`}`);
  if (!(await readCurrent(publishDir))) {
    const first = await publish();
    say(`| first publication | ${first.wallS.toFixed(1)} s | ${first.cpuS.toFixed(1)} s | ${first.peakMb.toFixed(0)} MB | ${first.stdout} |`);
  }
  const before = (await readCurrent(publishDir))!;
  const beforeInodes = new Set((await files(path.join(publishDir, before.version))).map((f) => f.ino));
  const addStarted = performance.now();
  let day = '';
  for (let i = 0; i < Number(values['add-days']); i++) day = await addDay();
  say(`added ${values['add-days']} day(s) up to ${day} to the census in ${((performance.now() - addStarted) / 1000).toFixed(1)} s`);
  if (Number(values['software-changes']) > 0) say(`${await switchSoftware(Number(values['software-changes']))} servers switched software`);
  const next = await publish();
  const after = (await readCurrent(publishDir))!;
  const versionDir = path.join(publishDir, after.version);
  const all = await files(versionDir);
  const added = all.filter((f) => !beforeInodes.has(f.ino));
  const dayFiles = all.filter((f) => f.name.includes(`part-${day}.`));
  const small = added.filter((f) => !f.name.includes(`part-${day}.`) && !f.name.includes('/month='));
  const monthly = added.filter((f) => f.name.includes('/month=') && !f.name.includes(`part-${day}.`));
  const sum = (list: { bytes: number }[]): number => list.reduce((s, f) => s + f.bytes, 0);
  say(`| publishing ${day} | ${next.wallS.toFixed(1)} s | ${next.cpuS.toFixed(1)} s | ${next.peakMb.toFixed(0)} MB | ${next.stdout} |`);
  say(`version ${after.version}: ${all.length} files, ${mb(sum(all))} in all; new on disk ${mb(sum(added))} in ${added.length} files: ` +
    `the new day's partitions ${mb(sum(dayFiles))} (${dayFiles.length} files), other partitions rewritten ${mb(sum(monthly))} ` +
    `(${monthly.length}: ${monthly.map((f) => f.name).join(', ') || 'none'}), small tables and documents ${mb(sum(small))} (${small.length} files)`);

  const reader = await openReadOnlyDb(path.join(publishDir, after.database), 1);
  try {
    const time = async (work: () => Promise<unknown>): Promise<number> => {
      const started = performance.now();
      await work();
      return performance.now() - started;
    };
    const cold = await time(() => serverRecord(reader, values.domain));
    const warm: number[] = [];
    for (let i = 0; i < 5; i++) warm.push(await time(() => serverRecord(reader, values.domain)));
    const other = await time(() => serverRecord(reader, 's31337.bench-fedi.net'));
    const summary = await time(() => summaryForDay(reader, day));
    const record = await serverRecord(reader, values.domain);
    say(`server's history (${values.domain}, ${record?.history.length ?? 0} days) on a fresh reader: first ${cold.toFixed(0)} ms, ` +
      `then ${warm.sort((a, b) => a - b)[2]!.toFixed(0)} ms (median of 5); another server's first ${other.toFixed(0)} ms; summary of ${day} ${summary.toFixed(0)} ms`);
  } finally {
    reader.close();
  }
}

await main();

// The API benchmark (issue #3): on the synthetic history (generate-history.ts) measure the database size,
// cold and warm latency of summary, weekly and a server's history (the SQL alone, and through the API),
// and throughput and p99 at 64 connections (autocannon) against the API, the same DuckDB query run per
// request, and a constant Hono endpoint. Writes the "## API" section of docs/benchmarks.md.
//
// Usage: npx tsx bench/api/run-bench.ts [--db bench/out/census.duckdb] [--duration 10] [--load autocannon,wrk] [--write]
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, stat, writeFile } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, promisify } from 'node:util';
import autocannon from 'autocannon';
import { openReadOnlyDb, type Db } from '../../api/db.ts';
import { serverRecord } from '../../api/metrics/servers.ts';
import { latestDay, summaryForDay } from '../../api/metrics/summary.ts';
import { weeklyJoins } from '../../api/metrics/weekly.ts';
import { readLayout } from '../../api/publish/layout.ts';
import { storeSlowFiguresInPlace } from '../../api/publish/publish.ts';

const execFileAsync = promisify(execFile);
const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'bench/out/census.duckdb' },
    duration: { type: 'string', default: '10' },
    // Load generators, comma-separated: autocannon (JavaScript, the issue's example) and wrk (C, Debian's
    // package \`wrk\`), which costs the shared 2 cores less per response; each target is measured by each.
    load: { type: 'string', default: 'autocannon,wrk' },
    write: { type: 'boolean', default: false },
  },
});
const dbPath = values.db;
const loads = values.load.split(',').filter((l) => l !== '');
const duration = Number(values.duration);
const DOMAIN = 's00042.bench-fedi.net';
const lines: string[] = [];
const say = (line: string): void => {
  console.log(line);
  lines.push(line);
};

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Cold: the first run on a fresh DuckDB instance (its buffer cache empty; the OS page cache is not dropped). */
async function sqlLatency(name: string, query: (db: Db) => Promise<unknown>, repeats: number): Promise<string> {
  const db = await openReadOnlyDb(dbPath, 1);
  try {
    const cold = await timed(() => query(db));
    const warm: number[] = [];
    for (let i = 0; i < repeats; i++) warm.push((await timed(() => query(db))).ms);
    return `| ${name} | ${cold.ms.toFixed(0)} | ${median(warm).toFixed(1)} |`;
  } finally {
    db.close();
  }
}

async function fetchMs(url: string): Promise<number> {
  const { ms, value } = await timed(async () => {
    const res = await fetch(url);
    await res.arrayBuffer();
    return res.status;
  });
  if (value !== 200) throw new Error(`${url}: HTTP ${value}`);
  return ms;
}

async function main(): Promise<void> {
  const generators = loads.map((l) => LOAD[l] ?? fail(`--load: unknown load generator ${l} (autocannon, wrk)`));
  // What publishing does to each version's copy (api/publish/publish.ts), done here in place on the
  // benchmark's census: the weekly rows of both anomaly modes computed once and stored (kept from an earlier
  // run while the census has not changed since).
  // A published version (its database beside partitions.json) carries the rows already, and is read-only.
  const published = (await readLayout(path.dirname(path.resolve(dbPath)))) !== null;
  const stored = await timed(() => (published ? Promise.resolve() : storeSlowFiguresInPlace(dbPath)));
  const size = (await stat(dbPath)).size;
  const probe = await openReadOnlyDb(dbPath, 1);
  const counts = await probe.all(
    `SELECT (SELECT count(*) FROM snapshots) AS snapshots, (SELECT count(*) FROM attempts) AS attempts,
            (SELECT count(*) FROM servers) AS servers, (SELECT count(*) FROM weekly_activity) AS windows,
            (SELECT min(day) FROM snapshots) AS first, (SELECT max(day) FROM snapshots) AS last`,
  );
  probe.close();
  const c = counts[0]!;
  say(`Run ${new Date().toISOString().slice(0, 10)} on ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM ` +
    `(${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; shared with other work, so figures are indicative.`);
  say('');
  say(`Data: ${c.servers} servers, ${c.snapshots} snapshot rows, ${c.attempts} attempt rows, ${c.windows} activity windows, ` +
    `${c.first} to ${c.last}. Database file: ${(size / 2 ** 30).toFixed(2)} GiB (the real schema, primary keys included).`);
  say('');
  say(`Publishing: storing the weekly joins (both anomaly modes, one pass over every snapshot row) took ${(stored.ms / 1000).toFixed(1)} s (next to nothing when the rows an earlier run stored still match the census).`);
  say('');
  say('### Latency of the query functions (api/metrics), ms');
  say('');
  say('| query | cold (fresh DuckDB instance) | warm (median) |');
  say('| --- | ---: | ---: |');
  say(await sqlLatency('summaryForDay(latest day)', async (db) => summaryForDay(db, (await latestDay(db))!), 5));
  say(await sqlLatency('weeklyJoins (all software, all weeks; the stored rows)', (db) => weeklyJoins(db), 5));
  say(await sqlLatency(`serverRecord (${DOMAIN}, 1,826 days)`, (db) => serverRecord(db, DOMAIN), 5));
  say('');

  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api/bench-server.ts', dbPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  const { url, warmMs } = JSON.parse(chunk.toString()) as { url: string; warmMs: number };
  try {
    say(`### Through the API (${url.replace(/:\d+$/, '')}), ms`);
    say('');
    say(`Start-up, including opening the snapshot, warming it (latest day, its summary) and reading the stored weekly rows: ${(warmMs / 1000).toFixed(1)} s. ` +
      'A new snapshot is warmed the same way before it is swapped in.');
    say('');
    say('| endpoint | first request after start | warm (median of 50) |');
    say('| --- | ---: | ---: |');
    const endpoints = [
      ['summary', '/api/v1/summary'],
      ['weekly', '/api/v1/weekly'],
      ['weekly, software=mastodon, one year', '/api/v1/weekly?software=mastodon&from=2024-07-01&to=2025-06-30'],
      ["a server's history", `/api/v1/servers/${DOMAIN}`],
    ] as const;
    for (const [name, path] of endpoints) {
      const first = await fetchMs(url + path);
      const warm: number[] = [];
      for (let i = 0; i < 50; i++) warm.push(await fetchMs(url + path));
      say(`| ${name} | ${first.toFixed(1)} | ${median(warm).toFixed(2)} |`);
    }
    say('');
    say(`### Throughput, 64 connections, ${duration} s each after a 2 s warm-up (${loads.join(' and ')}, same machine)`);
    say('');
    say(`| target | body bytes | ${loads.map((l) => `${l} requests/s | p50 ms | p99 ms`).join(' | ')} | errors + non-2xx |`);
    say(`| --- | ---: | ${loads.map(() => '---: | ---: | ---:').join(' | ')} | ---: |`);
    // The direct query runs last: requests it leaves queued in DuckDB would load the server during the
    // next target. (The history query run per request is not loaded at 64 connections: at about a second
    // a query it only times out; its latency is in the first table.)
    // Each API answer twice: without Accept-Encoding (curl's default: the whole body, e.g. weekly's 261 weeks
    // and its definitions, about 20 KB) and with `Accept-Encoding: gzip` as browsers, the site and most HTTP
    // libraries send it (the body is compressed once per snapshot and held, see api/http/respond.ts).
    const gzip = { 'accept-encoding': 'gzip' };
    const weeklyBytes = await bodyBytesOnTheWire(`${url}/api/v1/weekly`, {});
    // Compressed and small answers first: runs that move hundreds of megabytes of large bodies leave the
    // load generator (this process) slower for the runs after them.
    const targets: readonly (readonly [string, string, Record<string, string>?])[] = [
      ['constant Hono endpoint (ceiling)', '/bench/constant'],
      ['API summary', '/api/v1/summary'],
      ['API summary, gzip', '/api/v1/summary', gzip],
      ['API weekly, gzip', '/api/v1/weekly', gzip],
      ["API server's history, gzip", `/api/v1/servers/${DOMAIN}`, gzip],
      ['API weekly', '/api/v1/weekly'],
      [`constant endpoint of weekly's size (the ceiling for that body)`, `/bench/constant/${weeklyBytes}`],
      ["API server's history", `/api/v1/servers/${DOMAIN}`],
      ['summary query run per request (no memo)', '/bench/direct-summary'],
    ];
    for (const [name, path, headers] of targets) {
      const sizes = await bodyBytesOnTheWire(url + path, headers ?? {});
      const cells: string[] = [];
      let failures = 0;
      for (const load of generators) {
        await load(url + path, headers ?? {}, 2);
        const r = await load(url + path, headers ?? {}, duration);
        cells.push(`${r.perS.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)}`);
        failures += r.failures;
      }
      say(`| ${name} | ${sizes} | ${cells.join(' | ')} | ${failures} |`);
    }
  } finally {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  if (values.write) await writeSection(lines);
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

interface LoadResult {
  readonly perS: number;
  readonly p50: number;
  readonly p99: number;
  /** Errors, timeouts and answers other than 2xx. */
  readonly failures: number;
}
type LoadGenerator = (url: string, headers: Record<string, string>, seconds: number) => Promise<LoadResult>;

const LOAD: Record<string, LoadGenerator> = {
  async autocannon(url, headers, seconds) {
    const r = await autocannon({ url, connections: 64, duration: seconds, headers });
    return { perS: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failures: r.errors + r.timeouts + r.non2xx };
  },
  // One wrk thread: the other core is the server's.
  async wrk(url, headers, seconds) {
    const args = ['-t1', '-c64', `-d${seconds}s`, '--latency', ...Object.entries(headers).flatMap(([k, v]) => ['-H', `${k}: ${v}`]), url];
    const { stdout } = await execFileAsync('wrk', args);
    const ms = (label: string): number => {
      const m = new RegExp(`^\\s*${label}\\s+([\\d.]+)(us|ms|s)\\s*$`, 'm').exec(stdout);
      if (!m) throw new Error(`wrk printed no ${label}: ${stdout}`);
      return Number(m[1]) * ({ us: 0.001, ms: 1, s: 1000 } as const)[m[2] as 'us' | 'ms' | 's'];
    };
    const count = (re: RegExp): number => Number(re.exec(stdout)?.[1] ?? 0);
    const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
    return {
      perS: count(/Requests\/sec:\s+([\d.]+)/),
      p50: ms('50%'),
      p99: ms('99%'),
      failures: count(/Non-2xx or 3xx responses: (\d+)/) + (socket ? socket.slice(1).reduce((a, b) => a + Number(b), 0) : 0),
    };
  },
};

/** The body as sent (compressed when it is), which fetch() would hide by decompressing it. */
async function bodyBytesOnTheWire(url: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    http.get(url, { headers }, (res) => {
      let n = 0;
      res.on('data', (chunk: Buffer) => (n += chunk.length));
      res.on('end', () => resolve(n));
      res.on('error', reject);
    }).on('error', reject);
  });
}

/** Replaces (or appends) the "## API" section of docs/benchmarks.md, leaving other sections alone. */
async function writeSection(body: readonly string[]): Promise<void> {
  const file = 'docs/benchmarks.md';
  const existing = await readFile(file, 'utf8').catch(() => '# Benchmarks\n');
  const section = [
    '## API',
    '',
    'Command: `npx tsx bench/api/generate-history.ts` (5 years x 40,000 servers), then',
    `\`npx tsx bench/api/run-bench.ts --duration ${duration} --write\`.`,
    'Targets (issue #3): cold weekly under 500 ms; warm summary and weekly at least 5,000 requests/s with p99 under 25 ms.',
    '',
    ...body,
    '',
  ].join('\n');
  const start = existing.indexOf('\n## API\n');
  let next = start >= 0 ? existing.indexOf('\n## ', start + 1) : -1;
  if (start >= 0 && next < 0) next = existing.length;
  const updated = start >= 0 ? `${existing.slice(0, start + 1)}${section}${existing.slice(next + 1)}` : `${existing.trimEnd()}\n\n${section}`;
  await writeFile(file, updated.endsWith('\n') ? updated : `${updated}\n`);
}

await main();

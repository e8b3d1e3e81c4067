// The API's memory bound under a flood (issue #12): a `fedicensus serve` process started as the deploy
// recipes start it (`node --max-old-space-size=256`), flooded at 64 connections with many thousands of
// distinct valid queries (weekly and daily ranges from the year 1000 on, every crawled day's summary, server
// pages, ...), its resident set sampled throughout. Reports peak RSS (the kernel's VmHWM, so no peak between
// samples is missed), errors and non-2xx answers, p99, and whether the process is still alive.
// Targets: peak RSS under 400 MB, no error, the process alive.
//
// Usage: npx tsx bench/api/flood.ts [--db bench/out/flood-1k/census.duckdb] [--servers 1000] [--days 1826] [--timeout-s 60]
//          [--requests 10000] [--connections 64] [--heap-mb 256] [--answer-cache-mb 64] [--repo .]
//          [--serve-arg=--flag=value ...]
// The census is generated (bench/api/generate-history.ts) and published when --db does not exist yet.
// --repo runs another checkout's `fedicensus` (e.g. one of main, to measure before a change).
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { generateHistory } from './generate-history.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: 'bench/out/flood-1k/census.duckdb' },
    // Seconds before the client gives up on one answer (a shared 2-core machine can be slow, not failing).
    'timeout-s': { type: 'string', default: '60' },
    servers: { type: 'string', default: '1000' },
    days: { type: 'string', default: '1826' },
    'last-day': { type: 'string', default: '2025-06-30' },
    requests: { type: 'string', default: '10000' },
    connections: { type: 'string', default: '64' },
    'heap-mb': { type: 'string', default: '256' },
    'answer-cache-mb': { type: 'string' },
    repo: { type: 'string', default: '.' },
    // More `fedicensus serve` flags, e.g. --serve-arg=--memory-limit=128MiB where that flag exists.
    'serve-arg': { type: 'string', multiple: true, default: [] },
  },
});
const db = path.resolve(values.db);
const repo = path.resolve(values.repo);
const lastDay = values['last-day'];
const days = Number(values.days);

/** A day `offset` days after 1000-01-01, or within the data when `inData`. */
function dayFrom(random: () => number, inData: boolean): string {
  const last = Date.parse(`${lastDay}T00:00:00Z`);
  const first = inData ? last - (days - 1) * 86_400_000 : Date.parse('1000-01-01T00:00:00Z');
  const end = inData ? last : Date.parse('2999-12-31T00:00:00Z');
  return new Date(first + Math.floor(random() * ((end - first) / 86_400_000 + 1)) * 86_400_000).toISOString().slice(0, 10);
}

/** Deterministic (mulberry32), so two runs send the same queries. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Software the generated census holds (an unknown one is a 404 by design, not a failure to measure).
const SOFTWARE = ['mastodon', 'misskey', 'lemmy', 'pleroma', 'peertube', 'gotosocial', 'akkoma'];
const METRICS = ['users_total', 'users_active_month', 'local_posts', 'servers'];

/** One distinct valid query; most are ranges (the issue's attack), the rest every other kind of page. */
function query(random: () => number, i: number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const range = (): string => {
    const a = dayFrom(random, random() < 0.5);
    const b = dayFrom(random, random() < 0.5);
    return `from=${a < b ? a : b}&to=${a < b ? b : a}`;
  };
  const gzip = random() < 0.5 ? '' : '&format=csv';
  switch (i % 8) {
    case 0:
    case 1:
    case 2:
      return `/api/v1/weekly?${range()}${random() < 0.3 ? `&software=${pick(SOFTWARE)}` : ''}${random() < 0.3 ? '&anomalies=include' : ''}${gzip}`;
    case 3:
    case 4:
      return `/api/v1/daily?metric=${pick(METRICS)}&${range()}${random() < 0.3 ? `&software=${pick(SOFTWARE)}` : ''}${gzip}`;
    case 5:
      return `/api/v1/summary?day=${dayFrom(random, true)}`;
    case 6:
      return `/api/v1/servers?software=${pick(SOFTWARE)}&limit=${1 + Math.floor(random() * 500)}&sort=${pick(['users_total', 'domain'])}`;
    default:
      return `/api/v1/change?${range()}`;
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: repo, stdio: 'inherit' });
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

async function prepareCensus(): Promise<void> {
  if (existsSync(path.join(path.dirname(db), 'published', 'current.json'))) return;
  if (!existsSync(db)) {
    await generateHistory(db, { servers: Number(values.servers), days, lastDay }, (line) => console.log(`generate: ${line}`));
  }
  await run(process.execPath, ['scripts/fedicensus.mjs', 'publish', '--db', db]);
}

async function startServe(): Promise<{ child: ChildProcess; url: string }> {
  const args = [`--max-old-space-size=${values['heap-mb']}`, 'scripts/fedicensus.mjs', 'serve', '--db', db, '--port', '0'];
  if (values['answer-cache-mb'] !== undefined) args.push('--answer-cache-mb', values['answer-cache-mb']);
  args.push(...values['serve-arg']);
  const child = spawn(process.execPath, args, { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk;
      const match = /listening on (http:\/\/\S+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('close', (code) => reject(new Error(`serve exited ${code} before listening`)));
  });
  return { child, url };
}

async function rssOf(pid: number): Promise<{ rssMb: number; peakMb: number } | null> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8').catch(() => null);
  if (!status) return null;
  const kb = (field: string): number => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

async function main(): Promise<void> {
  await prepareCensus();
  const { child, url } = await startServe();
  let exited: string | null = null;
  child.on('exit', (code, signal) => (exited = `exited (code ${code}, signal ${signal})`));
  const pid = child.pid!;
  const atStart = await rssOf(pid);
  const random = seeded(12);
  const amount = Number(values.requests);
  const paths = Array.from({ length: amount }, (_, i) => query(random, i));
  const distinct = new Set(paths).size;
  let next = 0;
  let sampledPeak = 0;
  const sampler = setInterval(() => {
    void rssOf(pid).then((r) => {
      if (r && Number.isFinite(r.peakMb)) sampledPeak = Math.max(sampledPeak, r.peakMb);
    });
  }, 100);
  const started = Date.now();
  const result = await autocannon({
    url,
    connections: Number(values.connections),
    amount,
    timeout: Number(values['timeout-s']),
    headers: { 'accept-encoding': 'gzip' },
    requests: [{ setupRequest: (request) => ({ ...request, path: paths[next++ % paths.length]! }) }],
  });
  clearInterval(sampler);
  const seconds = (Date.now() - started) / 1000;
  const after = await rssOf(pid);
  const alive = exited === null && after !== null;
  const lines = [
    `| ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC | ${values.servers} x ${days} days | ${amount} (${distinct} distinct) | ` +
      `${values.connections} | ${values['heap-mb']} | ${values['answer-cache-mb'] ?? 'default'} | ${values['serve-arg'].join(' ') || '-'} | ${atStart?.rssMb.toFixed(0)} | ` +
      `${after ? after.peakMb.toFixed(0) : `>= ${sampledPeak.toFixed(0)}`} | ${result.errors + result.timeouts} | ${result.non2xx} | ` +
      `${result.latency.p99} | ${(result.requests.total / seconds).toFixed(0)} | ${alive ? 'yes' : `no: ${exited ?? 'gone'}`} |`,
  ];
  console.log(`machine: ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log('| run | census | requests | connections | heap cap MB | answer cache MiB | other serve flags | RSS at start MB | peak RSS MB | errors + timeouts | non-2xx | p99 ms | requests/s | alive |');
  console.log('| --- | --- | ---: | ---: | ---: | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const line of lines) console.log(line);
  child.kill('SIGTERM');
  const ok = alive && result.errors + result.timeouts + result.non2xx === 0 && (after?.peakMb ?? Infinity) < 400;
  process.exitCode = ok ? 0 : 1;
}

await main();

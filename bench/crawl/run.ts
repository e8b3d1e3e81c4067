// Crawl benchmark: the real `fedicensus crawl` command, in its own process, against a simulated fediverse of
// many known names (most of them dead, as in reality) with a fixed latency per answer. Reports wall time,
// requests per second, CPU time and peak memory, and the lower bound that latency and concurrency set:
//   bound = max( sum over servers of their sequential time / concurrency, the longest single server )
// where a server's sequential time is (requests x latency) (+ one latency per refused handshake, + the slow
// delay, + the budget for a host that never answers).
// Run: npx tsx bench/crawl/run.ts [--known 20000] [--alive 2000] [--latency-ms 50] [--nights 1] [--gap-days 1]
// With --nights 2 the second night runs over the census the first left, --gap-days later: the next day, dead
// servers back off; two days later every server that failed once is due again, and the census knows which
// ones timed out (a re-crawl of known names).
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { startSimFediverse } from '../../sim/server.ts';
import { ensureSimCa } from '../../sim/ca.ts';

const { values } = parseArgs({
  options: {
    known: { type: 'string', default: '20000' },
    alive: { type: 'string', default: '2000' },
    'latency-ms': { type: 'string', default: '50' },
    'slow-ms': { type: 'string', default: '300' },
    concurrency: { type: 'string', default: '64' },
    'timeout-ms': { type: 'string', default: '10000' },
    seed: { type: 'string', default: '20261126' },
    nights: { type: 'string', default: '1' },
    'gap-days': { type: 'string', default: '1' },
    // The crawler's V8 old-space cap, as the bin sets it (scripts/fedicensus.mjs); 0: Node's default.
    'heap-mb': { type: 'string', default: '0' },
    // Write a V8 CPU profile of each night's crawler process into this directory (node --cpu-prof).
    'cpu-prof': { type: 'string' },
  },
});
const known = Number(values.known);
const alive = Number(values.alive);
const latencyMs = Number(values['latency-ms']);
const slowMs = Number(values['slow-ms']);
const concurrency = Number(values.concurrency);
const timeoutMs = Number(values['timeout-ms']);

const ca = await ensureSimCa();
const catalogue = generateCatalogue({ seed: Number(values.seed), aliveCount: alive, deadCount: known - alive, seedCount: 3 });
const sim = await startSimFediverse({ catalogue, latencyMs, slowDelayMs: slowMs, hugeBodyBytes: 50 * 1024 * 1024 });
const dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-bench-crawl-'));
// Every name is known up front, as after earlier nights: the seeds file lists them all.
const seedsFile = path.join(dir, 'known.txt');
await writeFile(seedsFile, catalogue.hosts.map((h) => h.name).join('\n') + '\n');
await writeFile(path.join(dir, 'exclude.txt'), '');

const nights = Number(values.nights);
const gapDays = Number(values['gap-days']);
const rows: Record<string, unknown>[] = [];
for (let night = 0; night < nights; night++) {
  const now = new Date(catalogue.start.getTime() + night * gapDays * 86_400_000 + 3 * 3_600_000);
  sim.setNow(now);
  sim.stats.reset();
  rows.push(await crawlNight(now.toISOString().slice(0, 10)));
}
await sim.close();
console.log(JSON.stringify(rows, null, 2));

async function crawlNight(day: string): Promise<Record<string, unknown>> {
  const args = [
    '-v', process.execPath, ...(Number(values['heap-mb']) > 0 ? [`--max-old-space-size=${values['heap-mb']}`] : []),
    ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []),
    'scripts/fedicensus.mjs', 'crawl', '--day', day,
    '--db', path.join(dir, 'census.duckdb'), '--seeds-file', seedsFile, '--exclude-file', path.join(dir, 'exclude.txt'),
    '--connect-to', sim.connectTo, '--concurrency', String(concurrency), '--timeout-ms', String(timeoutMs),
    '--no-publish', '--progress-interval-ms', '60000',
    // The simulator names its hosts under a handful of parent domains, which the per-domain cap would treat
    // as one spam wildcard each; real lists spread over thousands of domains. The cap has its own tests.
    '--max-new-per-domain', '0',
  ];
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', args, { env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(stdout.trim());
  if (code !== 0) {
    console.error(stderr);
    process.exit(1);
  }
  // A number after `label:` in a report (/usr/bin/time -v on stderr, the crawl's summary on stdout).
  const field = (text: string, label: string) => Number(new RegExp(`${label}: +([\\d.:]+)`).exec(text)?.[1] ?? NaN);
  const cpuS = field(stderr, 'User time \\(seconds\\)') + field(stderr, 'System time \\(seconds\\)');
  const peakMb = field(stderr, 'Maximum resident set size \\(kbytes\\)') / 1024;

  // The bound from what the sim actually served tonight.
  let work = 0;
  let longest = 0;
  for (const host of catalogue.hosts) {
    const served = sim.stats.host(host.name);
    const requests = served.requests.length;
    // A refused handshake (a dead host) costs one round trip, like a refused connection on a real network.
    let t = requests * latencyMs + served.refusedHandshakes * latencyMs;
    if (t === 0) continue;
    if (host.quirks.has('slow')) t += requests * slowMs;
    if (host.fault === 'hang') t = Math.max(t, timeoutMs);
    work += t;
    longest = Math.max(longest, t);
  }
  const boundS = Math.max(work / concurrency, longest) / 1000;
  const requests = sim.stats.totalRequests;
  const refused = sim.stats.refusedTiming;
  return {
    day,
    attempted: field(stdout, 'attempted'),
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    known,
    alive,
    latencyMs,
    concurrency,
    timeoutMs,
    wallS: +wallS.toFixed(1),
    boundS: +boundS.toFixed(1),
    ratio: +(wallS / boundS).toFixed(2),
    requests,
    requestsPerS: +(requests / wallS).toFixed(1),
    cpuS: +cpuS.toFixed(1),
    peakMb: +peakMb.toFixed(0),
    // A dead host's refused handshake as the simulator timed it (latency + the simulator's own delays).
    simRefusedMs: refused.count > 0 ? +(refused.totalMs / refused.count).toFixed(1) : null,
  };
}
await rm(dir, { recursive: true, force: true });

// Crawl benchmark: the real `fedicensus crawl` command (or the whole `fedicensus nightly`), in its own process,
// against a simulated fediverse of many known names (most of them dead, as in reality) with a fixed latency per
// answer. Reports wall time, requests per second, CPU time and peak memory, and the lower bound that latency and
// concurrency set on the crawl:
//   bound = max( sum over servers of their sequential time / concurrency, the longest single server )
// where a server's sequential time is (requests x latency) (+ one latency per refused handshake, + the slow
// delay, + the budget for a host that never answers).
// Run: npx tsx bench/crawl/run.ts [--known 20000] [--alive 2000] [--latency-ms 50] [--nights 1] [--gap-days 1]
//      [--command crawl|nightly] [--heap-mb 0]
// With --nights 2 the second night runs over the census the first left, --gap-days later: the next day, dead
// servers back off; two days later every server that failed once is due again, and the census knows which
// ones timed out (a re-crawl of known names).
// With --command nightly each night runs `fedicensus nightly` instead: the same crawl, then publish (into
// published/ in the bench's temp dir) and the site build (into site/ there), all in one process, as cron or
// systemd run it; wall, CPU and peak RSS are then the whole night's. Its run report (reports/ beside the census)
// gives the crawl's own duration, from which the night's ratio and req/s are computed, and the site's server
// pages, files and bytes as the build wrote them (the datasets it hard-links beside them not counted).
// The child's environment has no NODE_OPTIONS, whatever this process had: the bin (scripts/fedicensus.mjs) sets
// no heap flag of its own (it only registers tsx's loader, in process), so with the default --heap-mb 0 the
// peak is Node's defaults, as an operator running `npx fedicensus nightly` bare gets. The deploy recipes set
// NODE_OPTIONS=--max-old-space-size=320; --heap-mb 320 measures that (on node's command line).
// Peak RSS is /usr/bin/time's "Maximum resident set size": the largest single process of the tree (Node; the
// esbuild service that tsx and the site bundler start is a separate, smaller process), not their sum.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { reportField, runTimed } from '../timed-process.ts';
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
    // What each night runs: `fedicensus crawl` (--no-publish), or `fedicensus nightly` (crawl, publish, site).
    command: { type: 'string', default: 'crawl' },
    // The crawler's V8 old-space cap, as the deploy recipes set it (NODE_OPTIONS); 0: Node's default.
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
const command = values.command;
if (command !== 'crawl' && command !== 'nightly') {
  console.error(`--command: crawl or nightly, not ${command}`);
  process.exit(2);
}

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
  rows.push(await runNight(now.toISOString().slice(0, 10)));
}
await sim.close();
console.log(JSON.stringify(rows, null, 2));

async function runNight(day: string): Promise<Record<string, unknown>> {
  const args = [
    ...(Number(values['heap-mb']) > 0 ? [`--max-old-space-size=${values['heap-mb']}`] : []),
    ...(values['cpu-prof'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof']}`] : []),
    'scripts/fedicensus.mjs', command, '--day', day,
    '--db', path.join(dir, 'census.duckdb'), '--seeds-file', seedsFile, '--exclude-file', path.join(dir, 'exclude.txt'),
    '--connect-to', sim.connectTo, '--concurrency', String(concurrency), '--timeout-ms', String(timeoutMs),
    ...(command === 'nightly'
      ? ['--publish-dir', path.join(dir, 'published'), '--site-dir', path.join(dir, 'site')]
      : ['--no-publish']),
    '--progress-interval-ms', '60000',
    // The simulator names its hosts under a handful of parent domains, which the per-domain cap would treat
    // as one spam wildcard each; real lists spread over thousands of domains. The cap has its own tests.
    '--max-new-per-domain', '0',
  ];
  const { code, stdout, stderr, wallS, cpuS, peakMb } = await runTimed(process.execPath, args, childEnv());
  console.log(stdout.trim());
  if (code !== 0) {
    console.error(stderr);
    process.exit(1);
  }

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
  const nightly = command === 'nightly' ? await nightlyFigures(stdout, wallS) : null;
  // The crawl's own time: the whole process for `crawl`, the crawl part of the night for `nightly`.
  const crawlS = nightly?.crawlS ?? wallS;
  return {
    command,
    day,
    attempted: reportField(stdout, 'attempted'),
    date: new Date().toISOString().slice(0, 10),
    machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
    known,
    alive,
    latencyMs,
    concurrency,
    timeoutMs,
    wallS: +wallS.toFixed(1),
    boundS: +boundS.toFixed(1),
    ratio: +(crawlS / boundS).toFixed(2),
    requests,
    requestsPerS: +(requests / crawlS).toFixed(1),
    cpuS: +cpuS.toFixed(1),
    peakMb: +peakMb.toFixed(0),
    // A dead host's refused handshake as the simulator timed it (latency + the simulator's own delays).
    simRefusedMs: refused.count > 0 ? +(refused.totalMs / refused.count).toFixed(1) : null,
    ...nightly,
  };
}

/** This process's environment for the child, with the sim's CA trusted and no NODE_OPTIONS (see the header). */
function childEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath };
  delete env.NODE_OPTIONS;
  return env;
}

/** What a night of `fedicensus nightly` says in its run report (the path is on its last stdout line). */
async function nightlyFigures(stdout: string, wallS: number): Promise<NightlyFigures> {
  const reportFile = /^report: (.+)$/m.exec(stdout)?.[1];
  if (!reportFile) throw new Error('fedicensus nightly printed no report path');
  const report = JSON.parse(await readFile(reportFile, 'utf8')) as NightlyReport;
  const crawlS = (Date.parse(report.summary.endedAt) - Date.parse(report.summary.startedAt)) / 1000;
  return {
    crawlS: +crawlS.toFixed(1),
    outsideCrawlS: +(wallS - crawlS).toFixed(1),
    published: report.published,
    siteServerPages: report.site?.servers ?? null,
    siteFiles: report.site?.files ?? null,
    siteMb: report.site ? +(report.site.bytes / 2 ** 20).toFixed(1) : null,
  };
}

interface NightlyFigures {
  readonly crawlS: number;
  /** The night's wall minus the crawl's: start-up, publish and the site build. */
  readonly outsideCrawlS: number;
  /** The version published, or null when the night was judged not to have seen the fediverse. */
  readonly published: string | null;
  readonly siteServerPages: number | null;
  readonly siteFiles: number | null;
  readonly siteMb: number | null;
}

/** The parts of scripts/commands/nightly.ts's run report read here. */
interface NightlyReport {
  readonly summary: { readonly startedAt: string; readonly endedAt: string };
  readonly published: string | null;
  readonly site: { readonly servers: number; readonly files: number; readonly bytes: number } | null;
}
await rm(dir, { recursive: true, force: true });

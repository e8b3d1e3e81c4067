// Site benchmark: builds the site over a census, serves it gzipped from a plain static server on loopback,
// and loads the overview in headless Chromium with an empty cache, several times. Reports the build time,
// the bytes the first view transfers (compressed, headers included) and the time until every chart is
// drawn (app.js's `fedicensus-ready` mark, from navigation start). Numbers go to docs/benchmarks.md.
//
//   npx tsx bench/site/measure.ts --db PATH            an existing census (e.g. one crawled by `npm run demo`)
//   npx tsx bench/site/measure.ts --generate 2000,365  a synthetic history (bench/api/generate-history.ts)
import { mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateHistory } from '../api/generate-history.ts';
import { buildSite } from '../../web/build.ts';
import { launchBrowser, collectErrors, waitReady } from '../../scripts/dev/browser.ts';
import { serveStatic } from '../../scripts/dev/static-server.ts';

const { values } = parseArgs({
  options: {
    db: { type: 'string' },
    generate: { type: 'string' },
    out: { type: 'string', default: 'bench/out/site' },
    runs: { type: 'string', default: '5' },
  },
});

const log = (line: string): void => void process.stderr.write(`${line}\n`);
let dbPath = values.db;
if (!dbPath) {
  const [servers, days] = (values.generate ?? '2000,365').split(',').map(Number);
  dbPath = path.resolve(`bench/out/site-history-${servers}x${days}.duckdb`);
  await mkdir(path.dirname(dbPath), { recursive: true });
  log(`generating ${servers} servers x ${days} days into ${dbPath}`);
  await generateHistory(dbPath, { servers: servers!, days: days!, lastDay: '2026-11-25' }, log);
}

const started = performance.now();
const result = await buildSite({ dbPath, outDir: values.out!, now: new Date(), log });
const buildSeconds = (performance.now() - started) / 1000;

const site = await serveStatic(values.out!);
const browser = await launchBrowser();
const runs: { bytes: number; requests: number; drawnMs: number }[] = [];
try {
  for (let i = 0; i < Number(values.runs); i++) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = collectErrors(page);
    const sizes: Promise<number>[] = [];
    page.on('requestfinished', (request) => {
      sizes.push(request.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
    });
    await page.goto(`${site.url}index.html`);
    if ((await waitReady(page)) !== 'true' || errors.length > 0) throw new Error(`overview failed: ${errors.join('; ')}`);
    await page.waitForLoadState('networkidle');
    const drawnMs = await page.evaluate(() => performance.getEntriesByName('fedicensus-ready')[0]?.startTime ?? NaN);
    const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
    runs.push({ bytes, requests: sizes.length, drawnMs });
    await context.close();
  }
} finally {
  await browser.close();
  await site.close();
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const report = {
  date: new Date().toISOString().slice(0, 10),
  loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)),
  machine: `${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GB, ${os.platform()} ${os.release()}, Node ${process.version}`,
  census: dbPath,
  dataAsOf: result.dataAsOf,
  build: { seconds: Number(buildSeconds.toFixed(1)), software: result.software, servers: result.servers, files: result.files, megabytes: Number((result.bytes / 1e6).toFixed(1)) },
  overview: {
    runs: runs.length,
    requests: runs[0]?.requests,
    transferredKB: Number((median(runs.map((r) => r.bytes)) / 1024).toFixed(1)),
    chartsDrawnMsMedian: Math.round(median(runs.map((r) => r.drawnMs))),
    chartsDrawnMsMax: Math.round(Math.max(...runs.map((r) => r.drawnMs))),
  },
};
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);

// `npm run demo`: the whole product with no network. Starts the simulated fediverse on loopback, crawls it
// on four days a week apart with the real `fedicensus crawl` command (trusting the simulator's CA through
// NODE_EXTRA_CA_CERTS, as an operator would trust a private CA), publishes, builds the site and serves it.
//   npm run demo [-- --port 8787] [--hosts 300] [--db data/demo/fedicensus.duckdb] [--once]
import { spawn } from 'node:child_process';
import { parseArgs } from 'node:util';
import { ensureSimCa } from '../sim/ca.ts';
import { generateCatalogue } from '../sim/catalogue.ts';
import { startSimFediverse } from '../sim/server.ts';
import { main } from './cli.ts';
import { removeCensus } from './fresh-census.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    hosts: { type: 'string', default: '300' },
    db: { type: 'string', default: 'data/demo/fedicensus.duckdb' },
    weeks: { type: 'string', default: '4' },
    once: { type: 'boolean', default: false },
  },
});
const db = values.db;
const weeks = Number(values.weeks);
const say = (line: string) => process.stdout.write(`demo: ${line}\n`);

const ca = await ensureSimCa();
const alive = Number(values.hosts);
const catalogue = generateCatalogue({ seed: 42, aliveCount: alive, deadCount: Math.round(alive / 3) });
const sim = await startSimFediverse({ catalogue });
say(`simulated fediverse: ${catalogue.hosts.length} servers on 127.0.0.1:${sim.port} (--connect-to ${sim.connectTo})`);
await removeCensus(db);

// A Wednesday, so Mastodon's activity windows start off Mondays, as they do in reality.
const first = new Date(catalogue.start.getTime() + 2 * 86_400_000 + 10 * 3_600_000);
for (let week = 0; week < weeks; week++) {
  const now = new Date(first.getTime() + week * 7 * 86_400_000);
  sim.setNow(now);
  const day = now.toISOString().slice(0, 10);
  say(`crawling ${day} ...`);
  const code = await runChild([
    'crawl', '--db', db, '--day', day, '--seeds', catalogue.seeds.join(','), '--connect-to', sim.connectTo,
    '--exclude-file', 'data/exclude.txt', '--timeout-ms', '5000', ...(week < weeks - 1 ? ['--no-publish'] : []),
  ]);
  if (code !== 0) throw new Error(`crawl of ${day} exited ${code}`);
}
await sim.close();

const cli = (argv: string[]) => main(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date() });
if ((await cli(['build-site', '--db', db, '--out', 'web/dist'])) !== 0) throw new Error('build-site failed');
if (values.once) process.exit(0);
say(`serving on http://127.0.0.1:${values.port}/ (Ctrl-C to stop)`);
process.exitCode = await cli(['serve', '--db', db, '--port', values.port, '--site-dir', 'web/dist']);

function runChild(argv: string[]): Promise<number> {
  const child = spawn(process.execPath, ['scripts/fedicensus.mjs', ...argv], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: ca.certPath },
  });
  return new Promise((resolve) => child.on('close', (code) => resolve(code ?? 1)));
}

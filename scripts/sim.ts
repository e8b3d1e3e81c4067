// Runs the simulated fediverse standalone for a demo or a manual crawl:
//   npx tsx scripts/sim.ts --port 8443 --hosts 300 [--dead 100] [--seed 1] [--date 2026-03-02] [--lemmy]
// then, in another shell, point the crawler at it with the printed --connect-to value and CA path.
import { parseArgs } from 'node:util';
import { generateCatalogue } from '../sim/catalogue.ts';
import { buildLemmyReplay } from '../sim/lemmy-replay.ts';
import { startSimFediverse } from '../sim/server.ts';
import { groundTruth } from '../sim/truth.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8443' },
    hosts: { type: 'string', default: '300' },
    dead: { type: 'string' },
    seed: { type: 'string', default: '1' },
    date: { type: 'string' },
    lemmy: { type: 'boolean', default: false },
  },
});

const alive = Number(values.hosts);
const port = Number(values.port);
if (!Number.isInteger(alive) || alive < 1 || !Number.isInteger(port) || port < 0 || port > 65535) {
  process.stderr.write('usage: scripts/sim.ts [--port N] [--hosts N] [--dead N] [--seed N] [--date YYYY-MM-DD] [--lemmy]\n');
  process.exit(2);
}
const catalogue = values.lemmy
  ? buildLemmyReplay().catalogue
  : generateCatalogue({ seed: Number(values.seed), aliveCount: alive, deadCount: Number(values.dead ?? Math.round(alive / 3)) });
const now = values.date ? new Date(`${values.date}T00:00:00Z`) : catalogue.start;
const sim = await startSimFediverse({ catalogue, now, port });
const truth = groundTruth(catalogue, { now });

const out = process.stdout;
out.write(`simulated fediverse: ${catalogue.hosts.length} hosts on 127.0.0.1:${sim.port}, date ${truth.date}\n`);
out.write(`  --connect-to ${sim.connectTo}\n`);
out.write(`  NODE_EXTRA_CA_CERTS=${sim.caPath}\n`);
out.write(`  seeds: ${catalogue.seeds.join(' ')}\n`);
out.write(
  `  expected from these seeds: ${truth.discovered.length} servers, ${truth.totals.serversOk} ok, ` +
    `${truth.totals.usersTotal} users, ${truth.totals.usersActiveMonth} active month\n`,
);
out.write('Ctrl-C to stop.\n');

let stopping = false;
const stop = (): void => {
  if (stopping) return;
  stopping = true;
  out.write(`\nstopping after ${sim.stats.totalRequests} requests\n`);
  void sim.close().then(() => process.exit(0));
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);

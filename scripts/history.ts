// `npm run history`: the November 2022 migration from real data, with no network. Imports the files in
// data/history/ (zegl/mastodon-stats' crawl and daily counts, Mastodon's official statistics: README there)
// into a census of its own with the real `fedicensus import`, publishes it, builds the site and serves it.
//   npm run history [-- --port 8787] [--db data/history-census/fedicensus.duckdb] [--once]
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { main } from './cli.ts';
import { removeCensus } from './fresh-census.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    db: { type: 'string', default: 'data/history-census/fedicensus.duckdb' },
    files: { type: 'string', default: 'data/history' },
    site: { type: 'string', default: 'data/history-census/site' },
    once: { type: 'boolean', default: false },
  },
});
const say = (line: string) => process.stdout.write(`history: ${line}\n`);
const cli = async (argv: string[]) => {
  const code = await main(argv, { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date() });
  if (code !== 0) throw new Error(`fedicensus ${argv[0]} exited ${code}`);
};

const files = (await readdir(values.files)).filter((f) => /\.(jsonl\.gz|csv\.gz|json)$/.test(f)).sort().map((f) => path.join(values.files, f));
await removeCensus(values.db);
say(`importing ${files.length} files into ${values.db} ...`);
await cli(['import', '--db', values.db, ...files]);
await cli(['publish', '--db', values.db]);
await cli(['build-site', '--db', values.db, '--out', values.site]);
if (values.once) process.exit(0);
say(`serving on http://127.0.0.1:${values.port}/ (Ctrl-C to stop)`);
await cli(['serve', '--db', values.db, '--port', values.port, '--site-dir', values.site]);

// The server under benchmark, in its own process so the load generator does not share its event loop:
// the real API (startServer's app over the census, read-only) plus two reference endpoints —
// /bench/direct-summary runs the summary query on every request (no memo: what the API would cost without
// its per-snapshot answers), /bench/constant returns a constant (the ceiling of Node + Hono here), and
// /bench/constant/N a constant of N bytes (the ceiling for a body that size).
//
// Usage: npx tsx bench/api/bench-server.ts <census.duckdb>; prints {"url", "warmMs"} on stdout when ready.
import { serve } from '@hono/node-server';
import { pino } from 'pino';
import { createApp, prepareSnapshot, warmSnapshot } from '../../api/app.ts';
import { CensusSource } from '../../api/census-source.ts';
import { serverRecord } from '../../api/metrics/servers.ts';
import { latestDay, summaryForDay } from '../../api/metrics/summary.ts';

const dbPath = process.argv[2];
if (!dbPath) throw new Error('usage: bench-server.ts <census.duckdb>');
const logger = pino({ level: 'warn' }, pino.destination(2));
const started = performance.now();
const source = await CensusSource.start({ publishDir: null, dbPath, logger, warm: warmSnapshot, prepare: prepareSnapshot });
const warmMs = performance.now() - started;
const app = createApp({ source, logger });
const constant = JSON.stringify({ ok: true, servers: 40000 });
const CONSTANT_HEADERS = { 'Content-Type': 'application/json' };
app.get('/bench/constant', (c) => c.body(constant, 200, CONSTANT_HEADERS));
// The same, N bytes long: the ceiling for a body of a given size (the load generator parses every byte).
const padded = new Map<number, Uint8Array<ArrayBuffer>>();
app.get('/bench/constant/:bytes{[0-9]{1,7}}', (c) => {
  const bytes = Number(c.req.param('bytes'));
  let body = padded.get(bytes);
  if (!body) padded.set(bytes, (body = new TextEncoder().encode(JSON.stringify({ pad: 'x'.repeat(Math.max(0, bytes - 10)) }))));
  return c.body(body, 200, CONSTANT_HEADERS);
});
app.get('/bench/direct-summary', async (c) =>
  c.json(await source.use(async (s) => summaryForDay(s, (await latestDay(s)) ?? '1970-01-01'))),
);
app.get('/bench/direct-server/:domain', async (c) => c.json(await source.use((s) => serverRecord(s, c.req.param('domain')))));

serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${info.port}`, warmMs })}\n`);
});
// A benchmark leaves DuckDB queries queued that cannot be cancelled; the process just ends.
process.on('SIGTERM', () => process.exit(0));

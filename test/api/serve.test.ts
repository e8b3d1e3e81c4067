// The real server: a publication is served without a restart, and requests keep succeeding while another
// process holds the census file open for writing (the API reads the published copy, never the census).
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openReadOnlyDb } from '../../api/db.ts';
import { startServer, type RunningServer } from '../../api/serve.ts';
import { buildCensus, D3, writeCensus, type TempCensus } from './fixture.ts';
import { silent } from './harness.ts';
import { D4, DAY_FOUR_SQL, publishByHand } from './publish-helper.ts';

const V1 = '2024-01-18T0300Z-0000000a';
const V2 = '2024-01-25T0300Z-0000000b';

let census: TempCensus;
let publishDir: string;
let server: RunningServer | null;

beforeEach(async () => {
  census = await buildCensus();
  publishDir = path.join(census.dir, 'published');
  await publishByHand(publishDir, V1, census.path, D3);
  server = null;
});
afterEach(async () => {
  await server?.close();
  await census.cleanup();
});

async function summaryDay(url: string): Promise<string> {
  const res = await fetch(`${url}/api/v1/summary`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { day: string }).day;
}

/** Polls until `check` holds; the bound only keeps a broken build from hanging the suite. */
async function eventually(check: () => Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`never happened: ${what}`);
}

/** Another process opens the census read-write, writes to it and holds it until killed. */
async function holdForWriting(file: string): Promise<ChildProcess> {
  const script = `
    import { DuckDBInstance } from '@duckdb/node-api';
    const instance = await DuckDBInstance.create(${JSON.stringify(file)});
    const c = await instance.connect();
    await c.run("INSERT INTO crawl_runs (run_id, day, started_at) VALUES (99, DATE '2024-01-24', now()::TIMESTAMP)");
    process.stdout.write('ready\\n');
    setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  expect(chunk.toString()).toBe('ready\n');
  return child;
}

describe('startServer', () => {
  it('serves a new publication without a restart', async () => {
    server = await startServer({ dbPath: census.path, port: 0, publishDir, pollMs: 100, logger: silent, handleSignals: false });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await summaryDay(server.url)).toBe(D3);
    // The published datasets share the port (api/routes/data.ts, mounted by the app).
    expect((await fetch(`${server.url}/data/index.json`)).status).toBe(200);
    const before = (await fetch(`${server.url}/api/v1/summary`)).headers.get('etag');

    const next = path.join(census.dir, 'next.duckdb');
    await writeCensus(next, DAY_FOUR_SQL);
    await publishByHand(publishDir, V2, next, D4);
    await eventually(async () => (await summaryDay(server!.url)) === D4, 'the new day served');
    const after = (await fetch(`${server.url}/api/v1/summary`)).headers.get('etag');
    expect(after).toBe(`W/"${V2}"`);
    expect(after).not.toBe(before);
  });

  it('keeps answering while another process holds the census open for writing', async () => {
    server = await startServer({ dbPath: census.path, port: 0, publishDir, pollMs: 100, logger: silent, handleSignals: false });
    const writer = await holdForWriting(census.path);
    try {
      // The lock is real: the census itself cannot be opened for reading now.
      await expect(openReadOnlyDb(census.path, 1)).rejects.toThrow(/lock/i);
      const urls = ['/api/v1/summary', '/api/v1/weekly', '/api/v1/daily?metric=users_total', '/api/v1/servers', '/api/v1/servers/masto.example.org'];
      const statuses = await Promise.all(
        Array.from({ length: 100 }, (_, i) => fetch(`${server!.url}${urls[i % urls.length]}`).then(async (r) => (await r.arrayBuffer(), r.status))),
      );
      expect(statuses.filter((s) => s !== 200)).toEqual([]);
    } finally {
      writer.kill();
      await once(writer, 'exit');
    }
  });

  it('stops gracefully: closed settles and the port is released', async () => {
    server = await startServer({ dbPath: census.path, port: 0, publishDir, logger: silent, handleSignals: false });
    const { url } = server;
    const keepAlive = await fetch(`${url}/api/v1/software`);
    expect(keepAlive.status).toBe(200);
    await keepAlive.arrayBuffer();
    await server.close();
    await server.closed;
    await expect(fetch(`${url}/api/v1/software`)).rejects.toThrow();
    server = null;
  });

  it('refuses bad settings with a message naming them', async () => {
    await expect(startServer({ dbPath: census.path, port: 70000, logger: silent, handleSignals: false })).rejects.toThrow(/port: must be 0-65535/);
  });
});

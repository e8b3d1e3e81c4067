// Hostile servers in the simulated fediverse (issue #12), crawled end to end over real TLS: each costs one
// failed (or correctly refused) host, the census equals the ground truth, nothing a server said reaches the
// census as something it is not, and its strings cannot break the site's pages or its spreadsheets.
// The sim's other faults (hangs, 50 MB bodies, redirect loops and foreign hosts, parking pages, truncated
// JSON, robots.txt 5xx and disallows) are crawled by test/crawler/crawl-sim.test.ts: see test/hostile/cases.ts.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCrawl } from '../../crawler/run.ts';
import type { SimFault, SimHost } from '../../sim/model.ts';
import { startSimFediverse, type SimFediverse } from '../../sim/server.ts';
import { groundTruth, type GroundTruth } from '../../sim/truth.ts';
import { buildSite } from '../../web/build.ts';
import { catalogueOf, makeHost } from '../sim/helpers.ts';

const FORMULA_VERSION = '=HYPERLINK("https://evil.example","update")';
const STATIC = 'static.sim-social.net';
const HOSTILE: Readonly<Record<string, SimFault>> = {
  'cdn-robots.sim-social.net': 'robots_redirect_elsewhere',
  'port-hop.sim-social.net': 'redirect_other_port',
  'ip-move.sim-social.net': 'redirect_ip_literal',
};

let dir: string;
let sim: SimFediverse;
let truth: GroundTruth;
let rows: (sql: string) => Promise<Record<string, unknown>[]>;
let closeDb: () => void = () => undefined;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-hostile-'));
  const peer = (name: string) => ({ raw: name, canonical: name });
  const hostile: SimHost[] = Object.entries(HOSTILE).map(([name, fault]) => makeHost(name, { fault, foreignHost: STATIC }));
  const formula = makeHost('formula.sim-social.net', { version: FORMULA_VERSION });
  const others = [...hostile, formula, makeHost(STATIC)];
  const seed = makeHost('seed.sim-social.net', { peers: others.map((h) => peer(h.name)) });
  const catalogue = catalogueOf([seed, ...others], [seed.name]);
  const now = new Date('2026-03-04T12:00:00Z');
  sim = await startSimFediverse({ catalogue, now });
  truth = groundTruth(catalogue, { now });
  const db = path.join(dir, 'census.duckdb');
  await runCrawl(
    { db, day: truth.date, seeds: catalogue.seeds, seedsFile: 'unused', excludeFile: path.join(dir, 'none.txt'), concurrency: 8, timeoutMs: 8000, connectTo: [sim.connectTo], progressIntervalMs: 60_000 },
    { stderr: { write: () => true }, now: () => new Date() },
  );
  await buildSite({ dbPath: db, outDir: path.join(dir, 'site'), now, publishDir: null });
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  rows = async (sql) => (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
  closeDb = () => {
    connection.closeSync();
    instance.closeSync();
  };
}, 240_000);
afterAll(async () => {
  closeDb();
  await sim?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('hostile servers in the simulated fediverse', () => {
  it('each gets the status the ground truth expects: one failed host, never a crawl of what it should not be', async () => {
    const got = Object.fromEntries((await rows(`SELECT domain, status FROM attempts`)).map((r) => [r.domain, r.status]));
    const want = Object.fromEntries([...truth.servers.values()].map((s) => [s.domain, s.status]));
    expect(got).toEqual(want);
    expect(got).toMatchObject({
      'cdn-robots.sim-social.net': 'disallowed', // robots.txt 301 to a CDN whose file says Disallow: /
      'port-hop.sim-social.net': 'invalid_response', // :6379 is another origin
      'ip-move.sim-social.net': 'invalid_response', // an address is not a move
      'formula.sim-social.net': 'ok',
    });
  });

  it('asks the redirected robots.txt and nothing else of a server that opted out that way', () => {
    expect(sim.stats.host('cdn-robots.sim-social.net').requests.map((r) => r.path)).toEqual(['/robots.txt']);
    expect(sim.stats.host(STATIC).requests.map((r) => r.path)).toContain('/robots/cdn-robots.sim-social.net.txt');
  });

  it('never stores an IP literal as moved_to, nor a server for it', async () => {
    expect(await rows(`SELECT domain, moved_to FROM servers WHERE moved_to IS NOT NULL`)).toEqual([]);
    expect(await rows(`SELECT domain FROM servers WHERE domain LIKE '203.%'`)).toEqual([]);
    // Nor any other IP literal, whatever address the sim's case uses (IPv4 dotted quad, or IPv6 with ':' or '[').
    expect(await rows(`SELECT domain FROM servers WHERE regexp_matches(domain, '^[0-9]+(\\.[0-9]+){3}$') OR domain LIKE '%:%' OR domain LIKE '[%'`)).toEqual([]);
  });

  it('keeps a version meant to run in a spreadsheet as text in the census, and neutralised in the site\'s CSV', async () => {
    expect(await rows(`SELECT version FROM snapshots WHERE domain = 'formula.sim-social.net'`)).toEqual([{ version: FORMULA_VERSION }]);
    const csv = await readFile(path.join(dir, 'site', 'figures', 'software', 'mastodon-versions.csv'), 'utf8');
    expect(csv).toContain(`"'=HYPERLINK(""https://evil.example"",""update"")"`);
    expect(csv.split('\r\n').some((line) => line.startsWith('='))).toBe(false);
  });
});

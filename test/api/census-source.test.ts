import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CensusSource, type Timers } from '../../api/census-source.ts';
import { openCensusForWriting } from '../../crawler/store/db.ts';
import { buildCensus, D3, writeCensus, type TempCensus } from './fixture.ts';
import { noTimers, silent } from './harness.ts';
import { D4, DAY_FOUR_SQL, publishByHand } from './publish-helper.ts';

const V1 = '2024-01-18T0300Z-0000000a';
const V2 = '2024-01-25T0300Z-0000000b';

let census: TempCensus;
let publishDir: string;
let sources: CensusSource[];

beforeEach(async () => {
  census = await buildCensus();
  publishDir = path.join(census.dir, 'published');
  sources = [];
});
afterEach(async () => {
  for (const s of sources) await s.close();
  await census.cleanup();
});

async function start(options: Partial<Parameters<typeof CensusSource.start>[0]> = {}): Promise<CensusSource> {
  const source = await CensusSource.start({ publishDir, dbPath: null, logger: silent, timers: noTimers, ...options });
  sources.push(source);
  return source;
}

async function dayFourCensus(): Promise<string> {
  const file = path.join(census.dir, 'day-four.duckdb');
  await writeCensus(file, DAY_FOUR_SQL);
  return file;
}

describe('CensusSource', () => {
  it('serves the published snapshot and swaps to a newer one, finishing in-flight work on the old', async () => {
    await publishByHand(publishDir, V1, census.path, D3);
    const source = await start();
    expect(source.current()).toMatchObject({ version: V1, dataAsOf: D3 });

    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let old: import('../../api/snapshot.ts').CensusSnapshot | undefined;
    const inFlight = source.use(async (snapshot) => {
      old = snapshot;
      await gate;
      return snapshot.all(`SELECT max(day) AS day FROM snapshots`);
    });

    await publishByHand(publishDir, V2, await dayFourCensus(), D4);
    expect(await source.refresh()).toBe(true);
    expect(source.current()).toMatchObject({ version: V2, dataAsOf: D4 });
    expect(old?.isClosed).toBe(false); // still in use
    release();
    expect(await inFlight).toEqual([{ day: D3 }]);
    expect(old?.isClosed).toBe(true);
    expect(await source.use((s) => s.all(`SELECT max(day) AS day FROM snapshots`))).toEqual([{ day: D4 }]);
    expect(await source.refresh()).toBe(false); // same version: nothing to do
  });

  it('polls on the injected interval', async () => {
    const calls: { callback: () => void; ms: number }[] = [];
    const timers: Timers = { setInterval: (callback, ms) => calls.push({ callback, ms }), clearInterval: () => undefined };
    const source = await start({ timers, pollMs: 1234 });
    expect(source.current()).toBeNull();
    expect(calls.map((c) => c.ms)).toEqual([1234]);
    await publishByHand(publishDir, V1, census.path, D3);
    calls[0]!.callback();
    await source.refresh(); // joins the check the tick started
    expect(source.current()?.version).toBe(V1);
  });

  it('keeps serving the old snapshot when the new one is unreadable or of another schema', async () => {
    const errors: unknown[] = [];
    const logger = { ...silent, error: (obj: unknown) => errors.push(obj) } as unknown as typeof silent;
    await publishByHand(publishDir, V1, census.path, D3);
    const source = await start({ logger });

    await writeFile(path.join(publishDir, 'current.json'), '{"version": ');
    expect(await source.refresh()).toBe(false);

    const future = path.join(census.dir, 'future.duckdb');
    await writeCensus(future);
    const db = await openCensusForWriting(future);
    await db.connection.run(`INSERT INTO schema_version VALUES (99, now()::TIMESTAMP, 'from the future')`);
    db.close();
    await publishByHand(publishDir, V2, future, D3);
    expect(await source.refresh()).toBe(false);

    expect(source.current()?.version).toBe(V1);
    expect(errors).toHaveLength(2);
    expect(String((errors[1] as { err: Error }).err.message)).toMatch(/schema version 99/);
  });

  it('serves a snapshot published by the previous schema version until the next crawl publishes', async () => {
    // After an upgrade, the last publication is still version 1 (version 2 only added crawler columns).
    const old = path.join(census.dir, 'old.duckdb');
    await writeCensus(old);
    const db = await openCensusForWriting(old);
    await db.connection.run(`DELETE FROM schema_version WHERE version > 1`);
    db.close();
    await publishByHand(publishDir, V1, old, D3);
    const source = await start({});
    expect(source.current()?.version).toBe(V1);
  });

  it('reads a census file directly until something is published, then swaps to the publication', async () => {
    const source = await start({ dbPath: census.path });
    expect(source.current()?.version).toMatch(/^file-/);
    expect(source.current()?.dataAsOf).toBe(D3);
    await publishByHand(publishDir, V2, await dayFourCensus(), D4);
    expect(await source.refresh()).toBe(true);
    expect(source.current()?.version).toBe(V2);
  });

  it("answers 'prepared' requests from the previous snapshot until the new one is prepared", async () => {
    await publishByHand(publishDir, V1, census.path, D3);
    const gates = new Map<string, () => void>();
    const prepare = (s: import('../../api/snapshot.ts').CensusSnapshot) =>
      s.info.version === V1 ? Promise.resolve() : new Promise<void>((resolve) => gates.set(s.info.version, resolve));
    const source = await start({ prepare });
    const versionFor = (readiness: 'current' | 'prepared') => source.use(async (s) => s.info.version, readiness);

    await publishByHand(publishDir, V2, await dayFourCensus(), D4);
    expect(await source.refresh()).toBe(true);
    expect(await versionFor('current')).toBe(V2);
    expect(await versionFor('prepared')).toBe(V1); // V2's expensive figures are not ready yet
    expect(await source.use((s) => s.all('SELECT max(day) AS day FROM snapshots'), 'prepared')).toEqual([{ day: D3 }]);
    gates.get(V2)!();
    await source.whenPrepared();
    expect(await versionFor('prepared')).toBe(V2);
  });

  it('warms a snapshot before serving it', async () => {
    await publishByHand(publishDir, V1, census.path, D3);
    const warmed: string[] = [];
    const source = await start({ warm: async (s) => void warmed.push(s.info.version) });
    expect(warmed).toEqual([V1]);
    expect(source.current()?.version).toBe(V1);
  });
});

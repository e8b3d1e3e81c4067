// `fedicensus import` as an operator meets it: bad flags and missing files exit 2 naming them, a malformed
// file exits 1 saying nothing was written, and a file imported twice changes nothing the second time.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBInstance } from '@duckdb/node-api';
import { main } from '../../../scripts/cli.ts';
import { STATISTICS_FILE } from '../../crawler/import/history-files.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-import-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) => new Writable({ write(c, _e, cb) { add(String(c)); cb(); } });
  const code = await main(argv, { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), env: {}, now: () => new Date('2026-12-01T03:00:00Z') });
  return { code, stdout, stderr };
}

async function count(db: string, sql: string): Promise<number> {
  const instance = await DuckDBInstance.create(db, { access_mode: 'READ_ONLY' });
  const c = await instance.connect();
  try {
    return Number((await c.runAndReadAll(sql)).getRows()[0]![0]);
  } finally {
    c.closeSync();
    instance.closeSync();
  }
}

describe('fedicensus import', () => {
  it('exits 2 naming a bad flag, a missing FILE or no FILE at all', async () => {
    const flag = await cli('import', '--dbb', 'x.duckdb', STATISTICS_FILE);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("Unknown option '--dbb'");
    const none = await cli('import', '--db', path.join(dir, 'a.duckdb'));
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('name at least one file to import');
    const missing = await cli('import', '--db', path.join(dir, 'a.duckdb'), path.join(dir, 'nope.json'));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain(`FILE ${path.join(dir, 'nope.json')}: cannot read it (ENOENT)`);
  });

  it('imports the official statistics once; the second time nothing changes', async () => {
    const db = path.join(dir, 'census.duckdb');
    const first = await cli('import', '--db', db, STATISTICS_FILE);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('joinmastodon-statistics-json from joinmastodon, 2022-09-30..2023-01-22: 339 records written');
    expect(first.stdout).toContain('note: 1 identical duplicate days counted once');
    const second = await cli('import', '--db', db, STATISTICS_FILE);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('already imported, nothing changed');
    expect(await count(db, 'SELECT count(*) FROM reference_series')).toBe(339);
  });

  it('exits 1 on a malformed file, naming it, and writes nothing', async () => {
    const db = path.join(dir, 'bad.duckdb');
    const bad = path.join(dir, 'statistics.json');
    await writeFile(bad, JSON.stringify([{ period: '2022-11-07T00:00:00.000+00:00', server_count: '4053', user_count: 'many', active_user_count: '1' }]));
    const result = await cli('import', '--db', db, STATISTICS_FILE, bad);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`${bad}: record 1: user_count "many" is not a whole number`);
    expect(result.stderr).toContain('Nothing was written.');
    expect(await count(db, 'SELECT count(*) FROM reference_series')).toBe(0);
  });
});

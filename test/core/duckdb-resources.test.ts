// Every DuckDB instance fedicensus opens gets a memory limit (and threads): the crawl's writer, a reader of
// the census or of a published version, and the CLI's --memory-limit sets it for the whole process.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openReadOnlyDb } from '../../api/db.ts';
import { openCensusForWriting } from '../../crawler/store/db.ts';
import {
  configureDuckDb,
  defaultMemoryLimit,
  duckDbResources,
  parseMemoryLimit,
} from '../../core/duckdb-resources.ts';
import { main } from '../../scripts/cli.ts';
import { Writable } from 'node:stream';

const GIB = 1024 ** 3;
const initial = duckDbResources();
afterEach(() => {
  configureDuckDb(initial);
});

describe('DuckDB resources', () => {
  it('defaults to 320 MiB or a quarter of RAM, whichever is smaller', () => {
    expect(defaultMemoryLimit(24 * GIB)).toBe('320MiB');
    expect(defaultMemoryLimit(1 * GIB)).toBe('256MiB');
    expect(defaultMemoryLimit(2 * GIB)).toBe('320MiB');
  });

  it('reads sizes as people write them, and refuses nonsense and tiny limits', () => {
    expect(parseMemoryLimit('512MB')).toBe('488MiB'); // decimal megabytes, in mebibytes
    expect(parseMemoryLimit('1GiB')).toBe('1024MiB');
    expect(parseMemoryLimit(' 2gb ')).toBe('1907MiB');
    for (const bad of ['', 'lots', '12', '-1GB', '10MB', '1.5.2GB']) expect(parseMemoryLimit(bad), bad).toBeNull();
  });

  it('applies the limit to the census writer and to readers', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-resources-'));
    try {
      configureDuckDb({ memoryLimit: '300MiB', threads: 1 });
      const file = path.join(dir, 'census.duckdb');
      const writer = await openCensusForWriting(file);
      const setting = async (sql: string, read: (sql: string) => Promise<Record<string, unknown>[]>) => (await read(sql))[0];
      const fromWriter = await setting(`SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t`, async (sql) =>
        (await writer.connection.runAndReadAll(sql)).getRowObjects(),
      );
      writer.close();
      const reader = await openReadOnlyDb(file, 1);
      const fromReader = await setting(`SELECT current_setting('memory_limit') AS m, current_setting('threads') AS t`, (sql) => reader.all(sql));
      reader.close();
      for (const s of [fromWriter, fromReader]) {
        expect(String(s?.m)).toBe('300.0 MiB');
        expect(Number(s?.t)).toBe(1);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('takes --memory-limit on the command line, and exits 2 naming the flag when it is wrong', async () => {
    let stderr = '';
    const io = {
      stdout: new Writable({ write: (_c, _e, cb) => cb() }),
      stderr: new Writable({ write: (c, _e, cb) => { stderr += String(c); cb(); } }),
      env: {},
      now: () => new Date('2026-11-26T03:00:00Z'),
    };
    expect(await main(['export', '--memory-limit', 'lots', '--out', '/nonexistent/x'], io)).toBe(2);
    expect(stderr).toContain('--memory-limit');
    stderr = '';
    // A good limit is taken for the process before the command runs (here it fails later: no census).
    expect(await main(['export', '--memory-limit', '1GiB', '--db', '/nonexistent/census.duckdb', '--out', '/nonexistent/x'], io)).toBe(1);
    expect(duckDbResources().memoryLimit).toBe('1024MiB');
  });
});

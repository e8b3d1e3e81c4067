import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireLock, LockHeldError } from '../../crawler/lock.ts';

let dir: string;
let lockPath: string;
const deps = (pid: number, alive: Set<number>) => ({ pid, now: () => new Date('2026-11-26T03:00:00Z'), isAlive: (p: number) => alive.has(p) });

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-lock-'));
  lockPath = path.join(dir, 'census.duckdb.lock');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('acquireLock', () => {
  it('refuses a second holder while the first is alive, naming who holds it', async () => {
    const alive = new Set([100, 200]);
    const first = await acquireLock(lockPath, deps(100, alive));
    const second = acquireLock(lockPath, deps(200, alive));
    await expect(second).rejects.toBeInstanceOf(LockHeldError);
    await expect(acquireLock(lockPath, deps(200, alive))).rejects.toThrow(/pid 100 .* since 2026-11-26T03:00:00.000Z/);
    await first.release();
    const third = await acquireLock(lockPath, deps(200, alive));
    expect(third.tookOver).toBeNull();
  });

  it('takes over a lock left by a dead process', async () => {
    await writeFile(lockPath, JSON.stringify({ pid: 999, host: hostname(), startedAt: '2026-11-25T03:00:00Z' }));
    const lock = await acquireLock(lockPath, deps(100, new Set([100])));
    expect(lock.tookOver).toMatchObject({ pid: 999 });
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: 100 });
  });

  it('treats an unreadable lock file as stale', async () => {
    await writeFile(lockPath, '{"pid":');
    const lock = await acquireLock(lockPath, deps(100, new Set([100])));
    expect(lock.tookOver).not.toBeNull();
  });

  it('release leaves a lock that another process took over alone', async () => {
    const lock = await acquireLock(lockPath, deps(100, new Set([100])));
    await writeFile(lockPath, JSON.stringify({ pid: 300, host: hostname(), startedAt: 'later' }));
    await lock.release();
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: 300 });
  });

  it('a real second process sees the lock held by this live process', async () => {
    const lock = await acquireLock(lockPath);
    await expect(acquireLock(lockPath, { pid: process.pid + 1, now: () => new Date(), isAlive: (p) => p === process.pid })).rejects.toThrow(
      new RegExp(`pid ${process.pid}`),
    );
    await lock.release();
  });
});

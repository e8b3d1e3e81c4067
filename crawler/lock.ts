// One crawl at a time per census. DuckDB would refuse a second writer too, but with a message about file
// locks; this lock says who holds it and since when, and takes over a lock left by a process that died
// (kill -9, power loss), so an unattended nightly run never needs a person to delete a file.
import { hostname } from 'node:os';
import { open, readFile, unlink } from 'node:fs/promises';

export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export class LockHeldError extends Error {
  constructor(readonly path: string, readonly holder: LockInfo) {
    super(`another run holds the lock ${path} (pid ${holder.pid} on ${holder.host}, since ${holder.startedAt}); exiting`);
  }
}

export interface Lock {
  readonly path: string;
  /** True when a stale lock from a dead process was taken over. */
  readonly tookOver: LockInfo | null;
  release(): Promise<void>;
}

export interface LockDeps {
  readonly pid: number;
  readonly now: () => Date;
  /** Whether a process with this pid is alive on this host. */
  readonly isAlive: (pid: number) => boolean;
}

export const processLockDeps: LockDeps = { pid: process.pid, now: () => new Date(), isAlive: processIsAlive };

export async function acquireLock(path: string, deps: LockDeps = processLockDeps): Promise<Lock> {
  const me: LockInfo = { pid: deps.pid, host: hostname(), startedAt: deps.now().toISOString() };
  let tookOver: LockInfo | null = null;
  // Two attempts: the second after removing a stale lock. If another process wins that race, it holds it.
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, 'wx');
      await handle.writeFile(JSON.stringify(me) + '\n');
      await handle.close();
      return {
        path,
        tookOver,
        release: async () => {
          const holder = await readHolder(path);
          if (holder?.pid === me.pid && holder.startedAt === me.startedAt) await unlink(path).catch(() => undefined);
        },
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readHolder(path);
    const stale = !holder || (holder.host === me.host && !deps.isAlive(holder.pid));
    if (!stale) throw new LockHeldError(path, holder);
    tookOver = holder ?? { pid: 0, host: 'unknown', startedAt: 'unknown' };
    await unlink(path).catch(() => undefined);
  }
  const holder = await readHolder(path);
  throw new LockHeldError(path, holder ?? { pid: 0, host: 'unknown', startedAt: 'unknown' });
}

async function readHolder(path: string): Promise<LockInfo | null> {
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as Partial<LockInfo>;
    if (typeof parsed.pid !== 'number' || typeof parsed.host !== 'string') return null;
    return { pid: parsed.pid, host: parsed.host, startedAt: String(parsed.startedAt) };
  } catch {
    return null; // unreadable or half-written: treated as stale
  }
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Readers' leases on published versions: reference counting on disk. A reader of a version (the API, a
// site build) reads its Parquet files by name at every query, so deleting a version it still has open would
// break it (the old single-file copy stayed readable through an open descriptor; a list of Parquet files does
// not). While a version is open its reader keeps a lease file in `<version>/.readers/`; pruning skips a version
// with a lease whose process is alive. A lease left by a process that died (killed, crashed) is ignored and
// removed, so it cannot keep a version forever.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const LEASES_DIR = '.readers';

export interface Lease {
  /** Synchronous, so a reader's close() has let go when it returns. */
  release(): void;
}

/** Takes a lease on the version directory `versionDir` for this process. */
export async function takeLease(versionDir: string, pid: number = process.pid): Promise<Lease> {
  const dir = path.join(versionDir, LEASES_DIR);
  await mkdir(dir, { recursive: true });
  const file = path.join(dir, `${pid}-${randomUUID()}`);
  await writeFile(file, `${new Date().toISOString()}\n`);
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      rmSync(file, { force: true });
    },
  };
}

/** Whether a live process holds a lease on the version; leases of dead processes are removed on the way. */
export async function isLeased(versionDir: string, alive: (pid: number) => boolean = processAlive): Promise<boolean> {
  const dir = path.join(versionDir, LEASES_DIR);
  const names = await readdir(dir).catch(() => [] as string[]);
  let leased = false;
  for (const name of names) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && alive(pid)) leased = true;
    else await rm(path.join(dir, name), { force: true });
  }
  return leased;
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

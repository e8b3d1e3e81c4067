// Directories that appear whole or not at all. Work happens in a hidden temp directory beside the target
// (same parent, so the same file system, so rename(2) is atomic); readers of the target never see a half-written
// set of files.
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';

/** A fresh, empty directory beside `target`, named after it so a leftover from a crash is recognisable. */
export async function tempDirBeside(target: string): Promise<string> {
  const resolved = path.resolve(target);
  await mkdir(path.dirname(resolved), { recursive: true });
  return mkdtemp(path.join(path.dirname(resolved), `.${path.basename(resolved)}.tmp-`));
}

/**
 * Moves the finished `temp` directory to `target`. When `target` already exists it is first moved aside and
 * removed afterwards: rename(2) cannot replace a non-empty directory, so for that instant `target` is absent
 * rather than mixed (a reader sees the old set, nothing, or the new set; never a mixture).
 */
export async function replaceDir(temp: string, target: string): Promise<void> {
  const resolved = path.resolve(target);
  const existing = await stat(resolved).catch(() => null);
  if (existing && !existing.isDirectory()) throw new Error(`${target} exists and is not a directory`);
  if (!existing) {
    await rename(temp, resolved);
    return;
  }
  const aside = `${path.join(path.dirname(resolved), `.${path.basename(resolved)}.old-`)}${randomUUID()}`;
  await rename(resolved, aside);
  try {
    await rename(temp, resolved);
  } catch (err) {
    await rename(aside, resolved); // put the previous export back rather than leave nothing
    throw err;
  }
  await rm(aside, { recursive: true, force: true });
}

/** Runs `work` in a temp directory beside `target`, then moves it into place; on failure leaves no temp behind. */
export async function writeDirAtomically<T>(target: string, work: (dir: string) => Promise<T>): Promise<T> {
  const temp = await tempDirBeside(target);
  try {
    const result = await work(temp);
    await replaceDir(temp, target);
    return result;
  } catch (err) {
    await rm(temp, { recursive: true, force: true });
    throw err;
  }
}

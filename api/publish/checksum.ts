// SHA-256 of published files, streamed so a multi-gigabyte census copy never sits in memory.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';

export async function sha256File(file: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(file), hash);
  return hash.digest('hex');
}

export interface SummedFile {
  readonly name: string;
  readonly sha256: string;
}

/**
 * The body of a SHA256SUMS file in GNU coreutils' text format ("<hex>  <name>"), which `sha256sum -c`
 * verifies. Names are plain file names in the same directory (no spaces or newlines, which would need
 * escaping), sorted so the file is the same for the same export.
 */
export function sha256sums(files: readonly SummedFile[]): string {
  return [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((f) => {
      if (/[\s\\]/.test(f.name)) throw new Error(`file name needs escaping in SHA256SUMS: ${JSON.stringify(f.name)}`);
      return `${f.sha256}  ${f.name}\n`;
    })
    .join('');
}

// The operator's exclude list (data/exclude.txt): exact names and `*.suffix` patterns, one per line, `#`
// comments. `*.example.social` matches every subdomain of example.social but not example.social itself
// (list both to exclude both), the usual glob meaning.
import { readFile } from 'node:fs/promises';

export interface ExcludeList {
  readonly entries: readonly string[];
  matches(domain: string): boolean;
}

export function parseExcludeList(text: string): ExcludeList {
  const entries = text
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim().toLowerCase().replace(/\.$/, ''))
    .filter((line) => line.length > 0);
  const exact = new Set(entries.filter((e) => !e.startsWith('*.')));
  const suffixes = entries.filter((e) => e.startsWith('*.')).map((e) => e.slice(1)); // ".example.social"
  return {
    entries,
    matches(domain: string): boolean {
      const name = domain.toLowerCase();
      return exact.has(name) || suffixes.some((suffix) => name.endsWith(suffix));
    },
  };
}

/** A missing file is an empty list: a fresh checkout has nothing excluded. */
export async function readExcludeList(path: string): Promise<ExcludeList> {
  try {
    return parseExcludeList(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return parseExcludeList('');
    throw err;
  }
}

/** Seeds files share the format: one name per line, `#` comments. */
export async function readNameList(path: string): Promise<string[]> {
  return parseExcludeList(await readFile(path, 'utf8')).entries.slice();
}

// The real November 2022 files, read from the repository copy in data/history/ (sources and licences in
// data/history/README.md and test/fixtures/README.md): zegl/mastodon-stats (MIT, copyright 2022 Gustav
// Westling) and Mastodon's official statistics as archived by micahflee/mastodon-stats (no licence stated).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const dir = new URL('../../../data/history/', import.meta.url);

export const CRAWL_FILE = fileURLToPath(new URL('mastodon-crawl-2022-11-27.jsonl.gz', dir));
export const DAILY_FILE = fileURLToPath(new URL('mastodon-daily-2022-11-27..2023-03-20.csv.gz', dir));
export const STATISTICS_FILE = fileURLToPath(new URL('joinmastodon-statistics-2022-09-30..2023-01-22.json', dir));
export const HISTORY_FILES = [STATISTICS_FILE, CRAWL_FILE, DAILY_FILE] as const;

export const readInput = (file: string) => ({ name: file, bytes: readFileSync(file) });

/** The files' text, read independently of the importer (split on \n only: the crawl has raw U+2028). */
export function rawCrawlLines(): unknown[] {
  return gunzipSync(readFileSync(CRAWL_FILE)).toString('utf8').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l));
}

export function rawDailyRows(): Record<string, string>[] {
  const [header, ...lines] = gunzipSync(readFileSync(DAILY_FILE)).toString('utf8').split('\n').filter((l) => l !== '');
  const columns = header!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i]!, v])));
}

// The file formats `fedicensus import` reads, told apart by their content (docs/import.md names and
// documents each). A reader either returns every record of a file or throws ImportFormatError naming the
// file, the line or record and what is wrong: a malformed file is rejected whole, before anything is written.
import { gunzipSync } from 'node:zlib';
import { readJoinmastodonStatistics } from './joinmastodon.ts';
import { readZeglCrawl } from './zegl-crawl.ts';
import { readZeglDaily } from './zegl-daily.ts';
import { IMPORT_FORMATS, ImportFormatError, type ImportedFile, type ImportFormat } from './types.ts';

export { IMPORT_FORMATS, ImportFormatError, type ImportedFile, type ImportFormat } from './types.ts';

const GZIP_MAGIC = [0x1f, 0x8b];

/** The file's text: gunzipped when it is gzip (by its first bytes, not its name), decoded as UTF-8. */
export function fileText(name: string, bytes: Uint8Array): string {
  let raw = bytes;
  if (raw[0] === GZIP_MAGIC[0] && raw[1] === GZIP_MAGIC[1]) {
    try {
      raw = gunzipSync(raw);
    } catch (err) {
      throw new ImportFormatError(`${name}: not a readable gzip file (${(err as Error).message})`);
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new ImportFormatError(`${name}: not UTF-8 text`);
  }
}

/** Which format a file's text is in, from its first bytes; null when none. */
export function detectFormat(text: string): ImportFormat | null {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('[')) return 'joinmastodon-statistics-json';
  if (start.startsWith('{"instance"') || /^\{\s*"instance"\s*:/.test(start)) return 'zegl-crawl-jsonl';
  if (/^day,domain,version,users,/.test(start)) return 'zegl-daily-csv';
  return null;
}

/** Reads one file of any known format; throws ImportFormatError when it is unknown or malformed. */
export function readImportFile(name: string, bytes: Uint8Array): ImportedFile {
  const text = fileText(name, bytes);
  const format = detectFormat(text);
  switch (format) {
    case 'zegl-crawl-jsonl':
      return readZeglCrawl(name, text);
    case 'zegl-daily-csv':
      return readZeglDaily(name, text);
    case 'joinmastodon-statistics-json':
      return readJoinmastodonStatistics(name, text);
    default:
      throw new ImportFormatError(
        `${name}: not a format fedicensus import reads (${IMPORT_FORMATS.join(', ')}; see docs/import.md)`,
      );
  }
}

// Format `zegl-daily-csv`: zegl/mastodon-stats' daily runs reduced to one CSV row per server and day, header
// `day,domain,version,users,statuses,domains,registrations_open,approval_required,contact_created_at`.
// Quirks of the real file: a day can be missing (2023-02-18); a server can be listed twice on a day with the
// same figures (counted once; different figures reject the file); registrations_open may be empty (not
// reported). Only servers the crawler reached are listed: a server absent on a day was not reached.
import type { ServerObservation } from '../observation.ts';
import { ImportFormatError, isDay, type ImportedFile, type ObservedDay } from './types.ts';
import { ZEGL_MASTODON_STATS } from '../../core/sources.ts';
import { zeglDomain, zeglObservation } from './zegl-crawl.ts';

const COLUMNS = ['day', 'domain', 'version', 'users', 'statuses', 'domains', 'registrations_open', 'approval_required', 'contact_created_at'] as const;

/** Splits one CSV line (RFC 4180 quoting; the real file has none, but a field may). */
function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') fields.push(field), (field = '');
    else field += c;
  }
  if (quoted) return null;
  fields.push(field);
  return fields;
}

const BOOLEAN: Readonly<Record<string, boolean | null>> = { true: true, false: false, '': null };

export function readZeglDaily(name: string, text: string): ImportedFile {
  const lines = text.replace(/^\uFEFF/, '').split('\n');
  const header = lines[0]!.replace(/\r$/, '');
  if (header !== COLUMNS.join(',')) throw new ImportFormatError(`${name}: line 1: expected the header ${COLUMNS.join(',')}`);
  const byDay = new Map<string, Map<string, ServerObservation>>();
  let duplicates = 0;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line === '') continue;
    const where = `${name}: line ${i + 1}`;
    const fields = splitCsvLine(line);
    if (!fields || fields.length !== COLUMNS.length) {
      throw new ImportFormatError(`${where}: expected ${COLUMNS.length} fields, got ${fields ? fields.length : 'an unclosed quote'}`);
    }
    const row = Object.fromEntries(COLUMNS.map((c, k) => [c, fields[k]!])) as Record<(typeof COLUMNS)[number], string>;
    if (!isDay(row.day)) throw new ImportFormatError(`${where}: day ${JSON.stringify(row.day)} is not a YYYY-MM-DD date`);
    if (!(row.registrations_open in BOOLEAN)) throw new ImportFormatError(`${where}: registrations_open ${JSON.stringify(row.registrations_open)} is not true, false or empty`);
    if (!/^\d+$/.test(row.users)) throw new ImportFormatError(`${where}: users ${JSON.stringify(row.users)} is not a count`);
    const domain = zeglDomain(where, row.domain);
    const observation = zeglObservation({
      domain,
      version: row.version,
      users: row.users,
      statuses: row.statuses === '' ? null : row.statuses,
      registrationsOpen: BOOLEAN[row.registrations_open],
      contactCreatedAt: row.contact_created_at,
      documents: ['zegl-instance'],
    });
    const day = byDay.get(row.day) ?? new Map<string, ServerObservation>();
    byDay.set(row.day, day);
    const held = day.get(domain);
    if (held) {
      duplicates++;
      if (JSON.stringify(held) !== JSON.stringify(observation)) {
        throw new ImportFormatError(`${where}: ${domain} is listed twice on ${row.day} with different figures`);
      }
    }
    day.set(domain, observation);
  }
  if (byDay.size === 0) throw new ImportFormatError(`${name}: no rows after the header`);
  const days: ObservedDay[] = [...byDay].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, m]) => ({ day, observations: [...m.values()] }));
  return {
    kind: 'observations',
    format: 'zegl-daily-csv',
    source: ZEGL_MASTODON_STATS.id,
    days,
    notes: [
      ...(duplicates > 0 ? [`${duplicates} identical duplicate rows counted once`] : []),
      ...missingDays(days.map((d) => d.day)).map((d) => `no rows for ${d} (the crawler did not run or its run is missing)`),
    ],
  };
}

function missingDays(days: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < days.length; i++) {
    for (let t = Date.parse(days[i - 1]!) + 86_400_000; t < Date.parse(days[i]!); t += 86_400_000) {
      out.push(new Date(t).toISOString().slice(0, 10));
    }
  }
  return out;
}

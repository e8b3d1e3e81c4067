// Format `joinmastodon-statistics-json`: Mastodon's official network-wide daily statistics, as served by
// api.joinmastodon.org/statistics and archived by micahflee/mastodon-stats (statistics.json): a JSON array of
// {period, server_count, user_count, active_user_count}. Quirks of the real file: counts are strings, some
// written as decimals ("6008072.0"); a day can appear twice (same figures: counted once; different figures
// reject the file); days can be missing. Stored as a reference series, never as census observations.
import { ImportFormatError, isDay, type ImportedFile, type ReferencePoint } from './types.ts';
import { JOINMASTODON } from '../../core/sources.ts';

export const JOINMASTODON_METRICS = ['server_count', 'user_count', 'active_user_count'] as const;

const PERIOD = /^(\d{4}-\d{2}-\d{2})T00:00:00(?:\.0+)?(?:Z|\+00:00)$/;
// A whole number, possibly written with a zero fraction ("6008072.0"): what the archive holds.
const WHOLE = /^(\d+)(?:\.0+)?$/;

export function readJoinmastodonStatistics(name: string, text: string): ImportedFile {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (err) {
    throw new ImportFormatError(`${name}: not JSON (${(err as Error).message})`);
  }
  if (!Array.isArray(body) || body.length === 0) throw new ImportFormatError(`${name}: expected a non-empty JSON array of daily statistics`);
  const byDay = new Map<string, Record<string, number>>();
  let duplicates = 0;
  body.forEach((item: unknown, i) => {
    const where = `${name}: record ${i + 1}`;
    if (typeof item !== 'object' || item === null) throw new ImportFormatError(`${where}: not an object`);
    const record = item as Record<string, unknown>;
    const period = typeof record['period'] === 'string' ? PERIOD.exec(record['period']) : null;
    if (!period || !isDay(period[1]!)) {
      throw new ImportFormatError(`${where}: period ${JSON.stringify(record['period'])} is not a UTC midnight timestamp`);
    }
    const values: Record<string, number> = {};
    for (const metric of JOINMASTODON_METRICS) {
      const raw = record[metric];
      const text = typeof raw === 'number' ? String(raw) : raw;
      const whole = typeof text === 'string' ? WHOLE.exec(text) : null;
      if (!whole) throw new ImportFormatError(`${where}: ${metric} ${JSON.stringify(raw)} is not a whole number`);
      values[metric] = Number(whole[1]);
    }
    const day = period[1]!;
    const held = byDay.get(day);
    if (held) {
      duplicates++;
      if (JSON.stringify(held) !== JSON.stringify(values)) throw new ImportFormatError(`${where}: ${day} is listed twice with different figures`);
    }
    byDay.set(day, values);
  });
  const points: ReferencePoint[] = [];
  for (const [day, values] of [...byDay].sort(([a], [b]) => (a < b ? -1 : 1))) {
    for (const metric of JOINMASTODON_METRICS) points.push({ day, metric, value: values[metric]! });
  }
  return {
    kind: 'reference',
    format: 'joinmastodon-statistics-json',
    source: JOINMASTODON.id,
    points,
    notes: duplicates > 0 ? [`${duplicates} identical duplicate days counted once`] : [],
  };
}

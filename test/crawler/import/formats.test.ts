// The import formats' readers on small files written here, each quirk of the real files (docs/import.md):
// counts as strings, raw U+2028/U+2029 inside JSON strings, decimals written "6008072.0", duplicated rows,
// a missing day; and malformed files rejected with the file, the line and the reason.
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { detectFormat, readImportFile } from '../../../crawler/import/formats.ts';
import { ImportFormatError } from '../../../crawler/import/types.ts';

const bytes = (text: string) => new TextEncoder().encode(text);
const crawlLine = (uri: string, extra = '') =>
  JSON.stringify({
    instance: { uri, version: '4.0.2', description: `a\u2028b\u2029c${extra}`, stats: { userCount: 12, statusCount: '34' }, registrations: true, contactAccount: { createdAt: '2022-04-27T00:00:00.000Z' } },
    activity: [
      { week: '1669505410', statuses: '5', logins: '2', registrations: '3' },
      { week: '1668900610', statuses: '7', logins: '4', registrations: '11' },
    ],
  });
const HEADER = 'day,domain,version,users,statuses,domains,registrations_open,approval_required,contact_created_at';

describe('readImportFile', () => {
  it('reads a zegl crawl line holding raw U+2028 and U+2029, gzipped, its day from the file name', () => {
    const text = `${crawlLine('Grandma.Space')}\n${crawlLine('b.social')}\n`;
    expect(text).toContain('\u2028');
    const file = readImportFile('servers-2022-11-27.jsonl.gz', gzipSync(bytes(text)));
    expect(file.kind).toBe('observations');
    if (file.kind !== 'observations') return;
    expect(file.format).toBe('zegl-crawl-jsonl');
    expect(file.source).toBe('zegl-mastodon-stats');
    expect(file.days.map((d) => d.day)).toEqual(['2022-11-27']);
    const [a] = file.days[0]!.observations;
    expect(a).toMatchObject({ domain: 'grandma.space', software: 'mastodon', usersTotal: { value: 12 }, localPosts: { value: 34 }, openRegistrations: true });
    // The window starting 2022-11-26 23:30 was still open when read on 2022-11-27: left out (docs/import.md).
    expect(a!.activity!.map((w) => w.registrations.value)).toEqual([11]);
  });

  it('rejects a crawl file without a day in its name, and a line that is not JSON, naming the line', () => {
    expect(() => readImportFile('servers.jsonl', bytes(crawlLine('a.social')))).toThrow(/does not say its day/);
    const broken = `${crawlLine('a.social')}\n{"instance": {"uri": "b.social"\n`;
    expect(() => readImportFile('servers-2022-11-27.jsonl', bytes(broken))).toThrow(/line 2: not JSON/);
    expect(() => readImportFile('servers-2022-11-27.jsonl', bytes(`${crawlLine('not a name')}\n`))).toThrow(ImportFormatError);
  });

  it('reads the daily CSV: identical duplicates once, a missing day noted, empty registrations_open as not reported', () => {
    const csv = [HEADER,
      '2022-11-27,a.social,4.0.2,10,20,30,true,false,2022-01-01T00:00:00.000Z',
      '2022-11-27,a.social,4.0.2,10,20,30,true,false,2022-01-01T00:00:00.000Z',
      '2022-11-29,a.social,4.0.2,11,21,30,,false,'].join('\n') + '\n';
    const file = readImportFile('daily.csv', bytes(csv));
    if (file.kind !== 'observations') throw new Error('expected observations');
    expect(file.format).toBe('zegl-daily-csv');
    expect(file.days.map((d) => [d.day, d.observations.length])).toEqual([['2022-11-27', 1], ['2022-11-29', 1]]);
    expect(file.days[1]!.observations[0]).toMatchObject({ usersTotal: { value: 11 }, openRegistrations: null, createdAt: null });
    expect(file.notes).toEqual(['1 identical duplicate rows counted once', 'no rows for 2022-11-28 (the crawler did not run or its run is missing)']);
  });

  it('rejects a CSV row with a wrong field count or a duplicate that disagrees, naming the line', () => {
    expect(() => readImportFile('d.csv', bytes(`${HEADER}\n2022-11-27,a.social,4.0.2,10\n`))).toThrow(/d\.csv: line 2: expected 9 fields, got 4/);
    const disagree = `${HEADER}\n2022-11-27,a.social,4,10,20,30,true,false,\n2022-11-27,a.social,4,99,20,30,true,false,\n`;
    expect(() => readImportFile('d.csv', bytes(disagree))).toThrow(/line 3: a\.social is listed twice on 2022-11-27 with different figures/);
    expect(() => readImportFile('d.csv', bytes(`${HEADER}\n2022-11-27,a.social,4,ten,20,30,true,false,\n`))).toThrow(/users "ten" is not a count/);
  });

  it('reads the official statistics: counts as strings, decimals with a zero fraction, a duplicated day once', () => {
    const json = JSON.stringify([
      { period: '2022-12-09T00:00:00.000+00:00', server_count: '8633', user_count: '5446000', active_user_count: '2278703' },
      { period: '2022-12-09T00:00:00.000+00:00', server_count: '8633', user_count: '5446000', active_user_count: '2278703' },
      { period: '2022-12-19T00:00:00.000+00:00', server_count: '9101', user_count: '5677157.0', active_user_count: '1937158.0' },
    ]);
    const file = readImportFile('statistics.json', bytes(json));
    if (file.kind !== 'reference') throw new Error('expected a reference series');
    expect(file.points.filter((p) => p.day === '2022-12-19')).toEqual([
      { day: '2022-12-19', metric: 'server_count', value: 9101 },
      { day: '2022-12-19', metric: 'user_count', value: 5677157 },
      { day: '2022-12-19', metric: 'active_user_count', value: 1937158 },
    ]);
    expect(file.points).toHaveLength(6);
    expect(() => readImportFile('s.json', bytes(JSON.stringify([{ period: '2022-12-19T00:00:00Z', server_count: '1', user_count: '2.5', active_user_count: '3' }])))).toThrow(/user_count "2.5" is not a whole number/);
  });

  it('names the formats it reads when a file is none of them', () => {
    expect(detectFormat('domain,users\n')).toBeNull();
    expect(() => readImportFile('x.txt', bytes('hello'))).toThrow(/not a format fedicensus import reads \(zegl-crawl-jsonl, zegl-daily-csv, joinmastodon-statistics-json/);
    expect(() => readImportFile('x.gz', Uint8Array.from([0x1f, 0x8b, 1, 2, 3]))).toThrow(/not a readable gzip file/);
  });
});

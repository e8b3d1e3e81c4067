// The arithmetic of the reference comparison and of "Is this claim right?" on Mastodon's real official
// statistics (data/history/, archived by micahflee/mastodon-stats, no licence stated), without a browser.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readImportFile } from '../../../crawler/import/formats.ts';
import type { HistoryFile, ReferenceRow } from '../../../web/history-model.ts';
import { PUBLISHED_QUOTES } from '../../../web/quotes.ts';
import { answerClaim, censusSpan, differenceReasons, parseFigure, referenceSpan } from '../../../web/client/reference-figures.ts';
import { STATISTICS_FILE } from '../../crawler/import/history-files.ts';

function officialRows(): ReferenceRow[] {
  const file = readImportFile(STATISTICS_FILE, readFileSync(STATISTICS_FILE));
  if (file.kind !== 'reference') throw new Error('expected a reference series');
  const byDay = new Map<string, Record<string, number>>();
  for (const p of file.points) byDay.set(p.day, { ...byDay.get(p.day), [p.metric]: p.value });
  return [...byDay].map(([day, v]) => [day, v['user_count']!, v['server_count']!, v['active_user_count']!] as const);
}

const file: HistoryFile = {
  dataAsOf: '2023-03-20',
  sources: [{ id: 'zegl-mastodon-stats', name: 'zegl/mastodon-stats crawl', licence: 'MIT', coverage: null }],
  census: {
    days: [['2022-11-27', 917_603, 1024, 0, 0]],
    weeks: [['2022-10-24', 2989], ['2022-10-31', 46_633], ['2022-11-07', 214_090], ['2022-11-14', 64_860]],
    windowedServers: 1024,
    hasMastodonSocial: false,
  },
  reference: { source: 'joinmastodon', publishedBy: 'published by Mastodon', name: 'Mastodon official statistics', url: null, licence: 'none stated', coverage: null, definition: '', rows: officialRows() },
  quotes: PUBLISHED_QUOTES,
};

describe('the reference comparison', () => {
  it('gives +506,785 users and 1,044,405 monthly actives from the complete rows of 2022-10-27 and 2022-11-07', () => {
    const span = referenceSpan(file.reference!.rows, '2022-10-27', '2022-11-07')!;
    expect(span).toMatchObject({ usersChange: 506_785, serversChange: 1179, activeTo: 1_044_405 });
    const census = censusSpan(file, '2022-10-27', '2022-11-07');
    expect(census).toMatchObject({ fromWeek: '2022-10-24', toWeek: '2022-11-07', usersJoined: 2989 + 46_633 + 214_090 });
    const reasons = differenceReasons(file, census, span).join('\n');
    expect(reasons).toContain('1,024 servers, of about 4,053 servers in the series published by Mastodon on 2022-11-07');
    expect(reasons).toContain('mastodon.social, the largest server, is not among them');
    expect(reasons).toContain('sign-ups');
    expect(reasons).toMatch(/489,003 users and 1,028,362 monthly actives, read from the 2022-11-07 row before that day was complete/);
  });
});

describe('Is this claim right?', () => {
  it.each([
    ['1.5 million', 1_500_000], ['1,028,362', 1_028_362], ['about 4,600', 4600], ['489k', 489_000], ['+506,785 users', 506_785], ['4.6 thousand', 4600], ['nothing', null],
  ])('reads %s as %s', (text, value) => expect(parseFigure(text)).toBe(value));

  it('matches "1.5 million monthly actives" on 2022-11-10/11: 1,460,507 and 1,543,628', () => {
    const a = answerClaim(file, { value: 1_500_000, metric: 'active', to: '2022-11-10' });
    expect(a.verdict).toBe('matches');
    expect(a.reference).toEqual({ value: 1_460_507, fromDay: null, toDay: '2022-11-10' });
    expect(a.closest).toEqual({ day: '2022-11-10', value: 1_460_507 });
    expect(a.crossings[0]).toEqual([{ day: '2022-11-10', value: 1_460_507 }, { day: '2022-11-11', value: 1_543_628 }]);
    // The series passed 1.5 million again on its way down in January 2023.
    expect(a.crossings.at(-1)).toEqual([{ day: '2023-01-19', value: 1_552_538 }, { day: '2023-01-20', value: 1_470_842 }]);
    expect(a.census.value).toBeNull(); // the census's daily figures start on 2022-11-27
  });

  it('never matches a claim of 0 servers against a series of thousands (no division by zero)', () => {
    expect(answerClaim(file, { value: 0, metric: 'servers', to: '2022-11-11' }).verdict).toBe('differs');
  });

  it('matches "about 4,600 servers" on 2022-11-10: 4,609', () => {
    const a = answerClaim(file, { value: 4600, metric: 'servers', to: '2022-11-11' });
    expect(a.closest).toEqual({ day: '2022-11-10', value: 4609 });
    expect(a.verdict).toBe('matches');
    expect(answerClaim(file, { value: 4600, metric: 'servers', to: '2022-11-11' }).reference?.value).toBe(5228);
  });

  it('finds the day the founder read "489,003 users since 2022-10-27" and says why it is lower than the complete row', () => {
    const a = answerClaim(file, { value: 489_003, metric: 'users_joined', from: '2022-10-27', to: '2022-11-07' });
    expect(a.reference).toEqual({ value: 506_785, fromDay: '2022-10-27', toDay: '2022-11-07' });
    expect(a.verdict).toBe('matches'); // the series passes +489,003 between the 2022-11-06 and 2022-11-07 rows
    expect(a.crossings[0]![1].day).toBe('2022-11-07');
    expect(a.census).toMatchObject({ value: 2989 + 46_633 + 214_090 });
    expect(a.explanations.join('\n')).toMatch(/read before the day is complete/);
  });
});

// A change of the source of observations is a method change (kind `source`), and every figure's meta names
// the census's sources (docs/methodology.md, "sources").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { methodChanges } from '../../../api/metrics/method-changes.ts';
import { observationSources, sourceChanges, sourcesByDay } from '../../../api/metrics/sources.ts';
import { censusSql, memoryCensus, type MemoryCensus } from './memory-census.ts';

// 2022-11-27 and 2022-11-28 imported from zegl/mastodon-stats (3 servers, then 2); 2022-11-29 both the import
// (1 server) and the census's own crawl (2 servers); 2022-11-30 the census's own crawl alone.
const DAYS = ['2022-11-27', '2022-11-28', '2022-11-29', '2022-11-30'];
let census: MemoryCensus;
beforeAll(async () => {
  const specs = ['a', 'b', 'c'].map((name) => ({ domain: `${name}.social`, software: 'mastodon', users: Object.fromEntries(DAYS.map((d) => [d, 10])) }));
  census = await memoryCensus(
    censusSql(specs) +
      `INSERT INTO sources VALUES ('zegl-mastodon-stats', 'zegl/mastodon-stats crawl', NULL, 'MIT', NULL, NULL);
       UPDATE snapshots SET source = 'zegl-mastodon-stats' WHERE day <= '2022-11-28' OR (day = '2022-11-29' AND domain = 'a.social');
       DELETE FROM snapshots WHERE day = '2022-11-28' AND domain = 'c.social';
       INSERT INTO crawl_runs (run_id, day, started_at, source) VALUES (1, '2022-11-27', '2022-11-27', 'zegl-mastodon-stats'), (2, '2022-11-29', '2022-11-29', 'fedicensus');`,
  );
});
afterAll(() => census.close());

describe('sources of observations', () => {
  it('lists, per day, the sources its figures sum and the servers each reached', async () => {
    expect(await sourcesByDay(census.db)).toEqual([
      { day: '2022-11-27', sources: ['zegl-mastodon-stats'], servers: { 'zegl-mastodon-stats': 3 } },
      { day: '2022-11-28', sources: ['zegl-mastodon-stats'], servers: { 'zegl-mastodon-stats': 2 } },
      { day: '2022-11-29', sources: ['fedicensus', 'zegl-mastodon-stats'], servers: { fedicensus: 2, 'zegl-mastodon-stats': 1 } },
      { day: '2022-11-30', sources: ['fedicensus'], servers: { fedicensus: 3 } },
    ]);
    expect((await observationSources(census.db)).map((s) => s.id)).toEqual(['zegl-mastodon-stats', 'fedicensus']);
  });

  it('marks each change of source as a method change', async () => {
    expect((await sourceChanges(census.db)).map((c) => c.day)).toEqual(['2022-11-29', '2022-11-30']);
    const changes = (await methodChanges(census.db)).filter((c) => c.kind === 'source');
    expect(changes.map((c) => [c.day, c.title])).toEqual([
      ['2022-11-29', 'Source of observations: zegl-mastodon-stats to fedicensus + zegl-mastodon-stats'],
      ['2022-11-30', 'Source of observations: fedicensus + zegl-mastodon-stats to fedicensus'],
    ]);
    expect(changes[0]!.detail).toContain('fedicensus: 2 servers, zegl-mastodon-stats: 1 servers');
  });
});

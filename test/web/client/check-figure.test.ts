// The checker's change in monthly actives, from the build's pairs, against the API's activeChange.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { activeChange as apiActiveChange } from '../../../api/metrics/change.ts';
import { addDays } from '../../../api/metrics/dates.ts';
import { usersChange } from '../../../api/metrics/users-change.ts';
import { weeklyJoins } from '../../../api/metrics/weekly.ts';
import { weeklyJoinsByServer } from '../../../api/metrics/weekly-servers.ts';
import { activeChange, computeCheck, pairChange, parseLink, stateToQuery, type CheckState } from '../../../web/client/check-figure.ts';
import { checkView, count } from '../../../web/client/check-words.ts';
import { collectSite, daysToCompare } from '../../../web/collect.ts';
import type { CheckFile } from '../../../web/model.ts';
import { checkFile } from '../../../web/pages/check.ts';
import { censusSql, memoryCensus, series, type MemoryCensus } from '../../api/metrics/memory-census.ts';

const D = ['2024-03-06', '2024-03-13', '2024-03-20'] as const;
const at = (...values: (number | null)[]) => series(D, values);

let census: MemoryCensus;
let file: CheckFile;
beforeAll(async () => {
  census = await memoryCensus(
    censusSql([
      { domain: 'a.example', software: 'mastodon', users: at(1000, 1000, 1000), active: at(100, 110, 130) },
      { domain: 'b.example', software: 'mastodon', users: at(500, 500, 500), active: at(50, null, 40) },
      { domain: 'c.example', software: 'misskey', users: at(300, 300, 300), active: at(30, 31, 32) },
      { domain: 'lost.example', software: 'mastodon', users: { [D[0]]: 9000 }, active: { [D[0]]: 900 } },
      { domain: 'found.example', software: 'lemmy', users: { [D[2]]: 70_000 }, active: { [D[2]]: 7000 } },
    ]),
  );
  file = checkFile(await collectSite(census.db));
});
afterAll(() => census.close());

/** What the API's change functions share: the days compared, the change and the servers on one side only. */
interface ApiChange {
  readonly from: string | null;
  readonly to: string | null;
  readonly change: number | null;
  readonly servers_compared: number;
  readonly servers_only_from: number;
  readonly servers_only_to: number;
}

/**
 * For every software and every pair of `dates` (from <= to), the site's figure is the API's: null where the
 * API has no crawled day for `from`, else the same days, change, counts and the two sums `sums` names.
 */
async function expectSameAsApi<A extends ApiChange>(
  dates: readonly string[],
  api: (query: { from: string; to: string; software: string | null }) => Promise<A>,
  sums: (api: A) => { fromValue: number | null; toValue: number | null },
  site: (state: CheckState) => unknown,
): Promise<void> {
  for (const software of ['', 'mastodon', 'misskey', 'lemmy']) {
    for (const [i, from] of dates.entries()) {
      for (const to of dates.slice(i)) {
        const expected = await api({ from, to, software: software || null });
        const actual = site({ software, from, to });
        const label = `${software} ${from} ${to}`;
        if (expected.from === null) {
          expect(actual, label).toBeNull();
          continue;
        }
        expect(actual, label).toEqual({
          fromDay: expected.from,
          toDay: expected.to,
          change: expected.change,
          compared: expected.servers_compared,
          ...sums(expected),
          onlyFrom: expected.servers_only_from,
          onlyTo: expected.servers_only_to,
        });
      }
    }
  }
}

describe("the checker's change in monthly actives", () => {
  it('equals activeChange for any dates and software', async () => {
    await expectSameAsApi(
      ['2024-03-01', D[0], '2024-03-10', D[1], D[2], '2024-04-01'],
      (query) => apiActiveChange(census.db, query),
      (api) => ({ fromValue: api.users_active_month_from, toValue: api.users_active_month_to }),
      (state) => activeChange(file, state),
    );
  });

  it('is not the difference of the daily sums when servers come and go', () => {
    // Daily sums: 1080 on D1, 7202 on D3; over the three servers on both days: 180 -> 202.
    expect(computeCheck(file, { software: '', from: D[0], to: D[2] }).active).toMatchObject({ change: 22, compared: 3, onlyFrom: 1, onlyTo: 1 });
  });
});

describe("the checker's net change in reported users", () => {
  it('equals usersChange for any dates and software', async () => {
    await expectSameAsApi(
      ['2024-03-01', D[0], '2024-03-10', D[1], D[2]],
      (query) => usersChange(census.db, query),
      (api) => ({ fromValue: api.users_total_from, toValue: api.users_total_to }),
      (state) => pairChange(file.usersChange, state),
    );
  });
});

describe('the link the checker reads', () => {
  const parse = (query: string) => parseLink(new URLSearchParams(query), file);

  it('takes software in any letter case, and its canonical link spells it as the census does', () => {
    const parsed = parse(`software=MastoDON&from=${D[0]}&to=${D[2]}`);
    expect(parsed).toEqual({ ok: true, state: { software: 'mastodon', from: D[0], to: D[2] } });
    expect(parsed.ok && stateToQuery(parsed.state)).toBe(`software=mastodon&from=${D[0]}&to=${D[2]}`);
  });

  it('fills a missing or empty parameter with its default: every software, first crawl to latest', () => {
    expect(parse('')).toEqual({ ok: true, state: { software: '', from: D[0], to: D[2] } });
    expect(parse(`software=&from=&to=${D[1]}`)).toEqual({ ok: true, state: { software: '', from: D[0], to: D[1] } });
  });

  it('rejects, naming each parameter, an unknown software, a malformed or impossible date, a date outside the data and a reversed span', () => {
    const problems = (query: string) => {
      const parsed = parse(query);
      return parsed.ok ? [] : parsed.problems.map((p) => `${p.param}: ${p.message}`);
    };
    expect(problems('software=friendica')).toEqual(['software: no software called “friendica” in the census']);
    expect(problems('from=garbage&to=2024-02-30')).toEqual([
      'from: “garbage” is not a calendar day written YYYY-MM-DD',
      'to: “2024-02-30” is not a calendar day written YYYY-MM-DD',
    ]);
    // The earliest figure is the week of the first crawl (2024-03-04): weekly rows start there.
    expect(problems('from=2024-01-01')).toEqual(['from: 2024-01-01 is before the census\'s earliest figure (2024-03-04)']);
    expect(problems('to=2024-12-31')).toEqual([`to: 2024-12-31 is after the latest data (${D[2]})`]);
    expect(problems(`from=${D[2]}&to=${D[0]}`)).toEqual([`from: ${D[2]} is after the end of the span (${D[0]})`]);
  });
});

describe('what the checker says', () => {
  it('names every week summed, Monday to Sunday, and marks the one the data end in as partial', () => {
    // The data end on Wednesday 2024-03-20: the week starting 2024-03-18 is partial.
    const r = computeCheck(file, { software: '', from: '2024-03-05', to: D[2] });
    expect(r.weeks).toEqual(['2024-03-04', '2024-03-11', '2024-03-18']);
    expect(r.partialWeek).toBe('2024-03-18');
    const view = checkView(file, r, 'https://example.org/check.html?from=2024-03-05&to=2024-03-20');
    expect(view.weeks.map((w) => w.text)).toEqual([
      '2024-03-04 to 2024-03-10',
      '2024-03-11 to 2024-03-17',
      `2024-03-18 to 2024-03-24 (partial: the data end on ${D[2]})`,
    ]);
    expect(view.span).toContain('summed over 3 weeks (Monday to Sunday, UTC): every week with a day between 2024-03-05 and 2024-03-20, so from 2024-03-04 to 2024-03-24.');
    expect(view.span).toContain('The week starting 2024-03-18 is partial: the data end on 2024-03-20.');
    expect(view.citation).toContain('in the 3 weeks from 2024-03-04 to 2024-03-24 (UTC, the last week partial: data to 2024-03-20)');
    expect(computeCheck(file, { software: '', from: D[0], to: '2024-03-17' }).partialWeek).toBeNull();
  });

  it('puts the net change in reported users beside users joined, with a line on why they differ', () => {
    const view = checkView(file, computeCheck(file, { software: '', from: D[0], to: D[2] }), 'x');
    expect(view.figures.find((f) => f.id === 'check-users-change')).toEqual({ id: 'check-users-change', value: 0, text: '0' });
    expect(view.why).toMatch(/^Why the two user figures differ: users joined counts sign-ups .* over the 3 servers reporting on both/);
  });

  it('says 1 server and 2 servers', () => {
    expect([count(1, 'server'), count(2, 'server'), count(0, 'week'), count(1, 'week')]).toEqual(['1 server', '2 servers', '0 weeks', '1 week']);
    const view = checkView(file, computeCheck(file, { software: 'misskey', from: D[0], to: D[2] }), 'x');
    expect(view.coverage[1]).toBe(`Covers the 1 misskey server the census read on ${D[2]}, and every server it read before.`);
  });

  it('counts servers created apart from servers first reached, and says "not reported" where no server reported a part', async () => {
    // No server here exposes a creation time or publishes activity windows; all five were first reached in the span.
    const r = computeCheck(file, { software: '', from: D[0], to: D[2] });
    const weeks = await weeklyJoins(census.db, { from: D[0], to: D[2] });
    expect(r).toMatchObject({
      serversCreated: weeks.reduce((n, w) => n + w.servers_created, 0),
      serversFirstReached: 5,
      usersRegistered: null,
      usersGrowth: weeks.reduce((n, w) => n + (w.users_growth ?? 0), 0),
    });
    expect(r.serversCreated).toBe(0);
    const view = checkView(file, r, 'x');
    expect(view.figures.find((f) => f.id === 'check-users-registered')).toEqual({ id: 'check-users-registered', value: null, text: 'not reported' });
    expect(view.coverage[0]).toBe('Servers joined counts the 0 servers created in these weeks whose creation time is known, survivors counted when crawled; the census first reached 5 servers in them, which is discovery, not growth.');
    expect(view.citation).toContain('and 0 servers with a known creation time were created while the census first reached 5 servers.');
  });
});

describe('daysToCompare', () => {
  it('keeps every day of a short history, and the first of each month plus the last 31 of a long one', () => {
    const short = Array.from({ length: 62 }, (_, i) => addDays('2024-01-01', i));
    expect(daysToCompare(short)).toEqual(short);
    const long = Array.from({ length: 400 }, (_, i) => addDays('2024-01-01', i));
    const kept = daysToCompare(long);
    expect(kept.slice(-31)).toEqual(long.slice(-31));
    expect(kept.filter((d) => !long.slice(-31).includes(d))).toEqual(
      ['2024-01', '2024-02', '2024-03', '2024-04', '2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01'].map((m) => `${m}-01`),
    );
  });
});

describe('the servers behind a figure', () => {
  it('names the largest contributors to users joined over the span, with their share', async () => {
    // found.example reaches 70,000 users but joins once (its first observation adds nothing); growth here is 0.
    const r = computeCheck(file, { software: '', from: D[0], to: D[2] });
    const perServer = await weeklyJoinsByServer(census.db);
    const expected = new Map<string, number>();
    for (const row of perServer) expected.set(row.domain, (expected.get(row.domain) ?? 0) + row.users_joined);
    expect(r.topServers).toEqual([...expected].map(([domain, users]) => ({ domain, users })).sort((a, b) => b.users - a.users).slice(0, 10));
    expect(r.topServers.reduce((n, s) => n + s.users, 0)).toBe(r.usersJoined ?? 0);
  });
});

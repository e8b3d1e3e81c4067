// GET /api/v1/reference (problem details for errors, RFC 9457) over a census holding the official statistics (imported from the real archive,
// test/crawler/import/history-files.ts) beside observations of another source: the series as published,
// labelled "published by Mastodon" with its definition and provenance, never mixed into the census's figures.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { createApp, prepareSnapshot, warmSnapshot } from '../../../api/app.ts';
import { CensusSource } from '../../../api/census-source.ts';
import { DEFINITIONS } from '../../../api/metrics/definitions.ts';
import { importFiles } from '../../../crawler/import/import.ts';
import { openCensusForWriting } from '../../../crawler/store/db.ts';
import { DAILY_FILE, readInput, STATISTICS_FILE } from '../../crawler/import/history-files.ts';
import { getJson, noTimers, silent } from '../harness.ts';

let dir: string;
let source: CensusSource;
let app: OpenAPIHono;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-reference-'));
  const file = path.join(dir, 'census.duckdb');
  const census = await openCensusForWriting(file);
  // The daily file's first two days only: enough for a census figure beside the reference series.
  const lines = gunzipSync(readFileSync(DAILY_FILE)).toString('utf8').split('\n');
  const twoDays = lines.filter((l, i) => i === 0 || l.startsWith('2022-11-27,') || l.startsWith('2022-11-28,')).join('\n');
  await importFiles(census.connection, [readInput(STATISTICS_FILE), { name: 'servers-2022-11-27..2022-11-28.csv', bytes: Buffer.from(twoDays) }], new Date('2026-12-01T00:00:00Z'));
  census.close();
  source = await CensusSource.start({ publishDir: null, dbPath: file, logger: silent, timers: noTimers, warm: warmSnapshot, prepare: prepareSnapshot });
  app = createApp({ source, logger: silent });
});
afterAll(async () => {
  await source?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('GET /api/v1/reference', () => {
  it("serves Mastodon's official statistics as published, for the span of the famous post", async () => {
    const { status, body } = await getJson(app, '/api/v1/reference?source=joinmastodon&from=2022-10-27&to=2022-11-07');
    expect(status).toBe(200);
    expect(body).toMatchObject({ source: 'joinmastodon', published_by: 'published by Mastodon', from: '2022-10-27', to: '2022-11-07' });
    expect(body.days).toHaveLength(12);
    expect(body.days[0]).toEqual({ day: '2022-10-27', user_count: 3_598_722, server_count: 2874, active_user_count: 370_360 });
    expect(body.days.at(-1)).toEqual({ day: '2022-11-07', user_count: 4_105_507, server_count: 4053, active_user_count: 1_044_405 });
    expect(body.days.at(-1).user_count - body.days[0].user_count).toBe(506_785);
    expect(body.meta.definitions).toEqual({ reference_series: DEFINITIONS.reference_series });
    expect(body.meta.source).toMatchObject({ id: 'joinmastodon', licence: 'none stated', url: 'https://api.joinmastodon.org/statistics' });
  });

  it('defaults to joinmastodon and answers CSV with the publisher named on every row', async () => {
    const res = await app.request('/api/v1/reference?from=2022-11-10&to=2022-11-11&format=csv');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).trim().split(/\r?\n/)).toEqual([
      'source,published_by,day,user_count,server_count,active_user_count',
      'joinmastodon,published by Mastodon,2022-11-10,4455121,4609,1460507',
      'joinmastodon,published by Mastodon,2022-11-11,4530762,5228,1543628',
    ]);
  });

  it('answers 404 naming the parameter for a source without a series, 400 for a malformed one', async () => {
    const missing = await getJson(app, '/api/v1/reference?source=zegl-mastodon-stats');
    expect(missing.status).toBe(404);
    expect(missing.body.errors).toEqual([expect.objectContaining({ parameter: 'source' })]);
    const bad = await getJson(app, '/api/v1/reference?source=../etc&from=2022-13-01');
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((i: { parameter: string }) => i.parameter).sort()).toEqual(['from', 'source']);
  });

  it("keeps the census's own figures apart, each answer naming the census's sources", async () => {
    const { body } = await getJson(app, '/api/v1/daily?metric=users_total');
    expect(body.days).toEqual([
      { day: '2022-11-27', value: 917_603, reporting: 1024 },
      { day: '2022-11-28', value: 878_450, reporting: 996 },
    ]);
    expect(body.meta.sources).toEqual([
      { id: 'zegl-mastodon-stats', name: 'zegl/mastodon-stats crawl', url: 'https://github.com/zegl/mastodon-stats', licence: 'MIT (copyright 2022 Gustav Westling)' },
    ]);
  });
});

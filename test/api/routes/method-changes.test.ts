// GET /api/v1/method-changes over the fixture census (weekly crawls D1, D2, D3) and GET /api/v1/summary's
// anomaly mode and exclusion fields.
import { describe, expect, it } from 'vitest';
import { DEFINITIONS } from '../../../api/metrics/definitions.ts';
import { DEFINITION_CHANGES } from '../../../api/metrics/method-changes.ts';
import { D1, D3 } from '../fixture.ts';
import { getJson, testAppForFile } from '../harness.ts';

const t = testAppForFile();

describe('GET /api/v1/method-changes', () => {
  it('serves the first crawl, the definition changes and the weeks without a crawl, with the definition', async () => {
    const { status, body } = await getJson(t.app, '/api/v1/method-changes');
    expect(status).toBe(200);
    const fromCensus = body.changes.filter((c: { kind: string }) => c.kind !== 'definition');
    expect(fromCensus.map((c: { day: string; kind: string; title: string }) => [c.day, c.kind, c.title])).toEqual([
      [D1, 'first_crawl', 'First crawl'],
      ['2024-01-04', 'no_crawl', 'No crawl from 2024-01-04 to 2024-01-09 (6 days)'],
      ['2024-01-11', 'no_crawl', 'No crawl from 2024-01-11 to 2024-01-16 (6 days)'],
    ]);
    expect(body.changes.filter((c: { kind: string }) => c.kind === 'definition')).toHaveLength(DEFINITION_CHANGES.length);
    expect(body.meta.definitions).toEqual({ method_changes: DEFINITIONS.method_changes });
  });

  it('answers CSV, the software of a census-wide change empty', async () => {
    const res = await t.app.request('/api/v1/method-changes?format=csv');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await res.text()).trim().split('\r\n');
    expect(lines[0]).toBe('day,kind,software,title,detail');
    expect(lines.find((l) => l.startsWith(`${D1},first_crawl,,First crawl,`))).toBeDefined();
  });

  it('answers 400 for a format it does not know', async () => {
    expect((await getJson(t.app, '/api/v1/method-changes?format=xml')).status).toBe(400);
  });
});

describe('GET /api/v1/summary?anomalies', () => {
  it('says what it left out and the share of creation times known', async () => {
    const { body } = await getJson(t.app, `/api/v1/summary?day=${D3}`);
    expect(body.anomalies).toBe('exclude');
    expect(body.left_out).toMatchObject({ servers: 0, users_total: 0, users_active_month: 0, local_posts: 0 });
    expect(body.left_out.by_kind.map((k: { kind: string }) => k.kind)).toEqual(['outlier_total', 'active_vanishing', 'posts_per_user', 'known_inflation', 'active_above_total']);
    // Five servers seen ok by D3; masto (mastodon) and lemmy expose a creation time.
    expect(body.creation_times).toEqual({
      servers: 5,
      known: 2,
      share: 0.4,
      by_software: [
        { name: 'akkoma', servers: 1, known: 0, share: 0 },
        { name: 'gotosocial', servers: 1, known: 0, share: 0 },
        { name: 'lemmy', servers: 1, known: 1, share: 1 },
        { name: 'mastodon', servers: 1, known: 1, share: 1 },
        { name: 'misskey', servers: 1, known: 0, share: 0 },
      ],
    });
    expect(body.meta.definitions.left_out).toBe(DEFINITIONS.left_out);
    expect((await getJson(t.app, `/api/v1/summary?day=${D3}&anomalies=include`)).body.anomalies).toBe('include');
    expect((await getJson(t.app, '/api/v1/summary?anomalies=some')).status).toBe(400);
  });
});

// docs/datasets.md shows researchers DuckDB queries on the partitioned layout; this runs every one of them
// against a published version (two months, the second still being crawled) and checks what they answer.
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishCensus } from '../../api/publish/publish.ts';
import { buildCensus, tempDir, writeToCensus } from '../api/publish/census-fixture.ts';

const DOC = path.resolve(import.meta.dirname, '../../docs/datasets.md');

let root: string;
let datasets: string;
let blocks: string[];

beforeAll(async () => {
  root = await tempDir('docs-queries');
  const dbPath = path.join(root, 'census.duckdb');
  await buildCensus(dbPath);
  await writeToCensus(dbPath, `INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear, local_posts, open_registrations, quality, sources, crawled_at) VALUES ('2026-12-01', 'alpha.social', 'mastodon', '4.3.1', 1020, 210, 510, 12400, true, NULL,
    'nodeinfo-2.1', '2026-12-01 03:00:00');
    INSERT INTO attempts (day, domain, status, reason, requests, crawled_at, run_id) VALUES ('2026-12-01', 'alpha.social', 'ok', NULL, 4, '2026-12-01 03:00:00', 9);`);
  const published = await publishCensus({ dbPath, publishDir: path.join(root, 'published'), now: new Date('2026-12-02T03:00:00Z') });
  datasets = published.export.outDir;
  const text = await readFile(DOC, 'utf8');
  blocks = [...text.matchAll(/```sql\n(-- DuckDB[^\n]*\n[\s\S]*?)```/g)].map((m) => m[1]!);
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('docs/datasets.md, DuckDB queries', () => {
  it('runs every documented query on a published version', async () => {
    expect(blocks.length).toBeGreaterThanOrEqual(7);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    const results: Record<string, unknown>[][] = [];
    try {
      for (const block of blocks) {
        // The documentation runs in a version's directory; here the datasets are elsewhere.
        const sql = block.replaceAll("'datasets/", `'${datasets}/`);
        for (const statement of sql.split(/;\s*\n/).map((s) => s.trim()).filter((s) => s.replace(/--[^\n]*\n?/g, '').trim() !== '')) {
          const reader = await connection.runAndReadAll(statement);
          results.push(reader.getRowObjectsJS() as Record<string, unknown>[]);
        }
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
    const day = (v: unknown): string => (v instanceof Date ? v.toISOString().slice(0, 10) : String(v));
    const [, , , latest, history, month, coverage, csv, files] = results;
    expect(latest).toEqual([{ software: 'mastodon', servers: 1n, users_total: 1020n, reporting: 1n }]);
    expect(history!.map((r) => [day(r.day), r.users_total])).toEqual([
      ['2026-11-24', 1000n], ['2026-11-25', 1010n], ['2026-12-01', 1020n],
    ]);
    expect(month!.map((r) => day(r.day))).toEqual(['2026-11-24', '2026-11-25']);
    expect(coverage!.length).toBe(3);
    expect(csv).toEqual([{ rows: 4n, first_day: expect.anything(), last_day: expect.anything() }]);
    expect(day(csv![0]!.last_day)).toBe('2026-12-01');
    expect(files!.map((r) => r.name)).toEqual(['snapshots/month=2026-11/part-0.parquet', 'snapshots/month=2026-12/part-2026-12-01.parquet']);
    expect(files!.map((r) => r.rows)).toEqual([3n, 1n]);
  });
});

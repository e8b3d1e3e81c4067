import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCensusForWriting } from '../../../crawler/store/db.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../../core/schema.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-db-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

/** A census as version 1 left it, with data in it: what an operator's file looks like before an upgrade. */
async function versionOneCensus(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(file);
  const c = await instance.connect();
  await c.run(`CREATE TABLE schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL, why VARCHAR)`);
  for (const statement of MIGRATIONS[0]!.statements) await c.run(statement);
  await c.run(`INSERT INTO schema_version VALUES (1, now()::TIMESTAMP, 'v1')`);
  await c.run(`INSERT INTO servers (domain, first_seen, status, consecutive_failures)
               SELECT 's' || i || '.social', DATE '2026-01-01', 'ok', 0 FROM range(5000) t(i)`);
  c.closeSync();
  instance.closeSync();
}

describe('openCensusForWriting', () => {
  it('upgrades a populated version-1 census in place, keeping its rows', async () => {
    const file = path.join(dir, 'census.duckdb');
    await versionOneCensus(file);
    const db = await openCensusForWriting(file);
    const rows = await db.connection.runAndReadAll(
      `SELECT (SELECT max(version) FROM schema_version)::INTEGER AS v, count(*)::INTEGER AS n, count(next_attempt)::INTEGER AS scheduled,
              bool_or(gone) AS any_gone FROM servers`,
    );
    expect(rows.getRowObjectsJson()).toEqual([{ v: SCHEMA_VERSION, n: 5000, scheduled: 0, any_gone: false }]);
    db.close();
  });

  it('names the source of creation times stored before version 7 (a Lemmy site, else a Mastodon contact account)', async () => {
    const file = path.join(dir, 'census.duckdb');
    await versionOneCensus(file);
    const instance = await DuckDBInstance.create(file);
    const c = await instance.connect();
    await c.run(`UPDATE servers SET software = CASE WHEN domain = 's1.social' THEN 'lemmy' ELSE 'mastodon' END,
                 created_at = CASE WHEN domain IN ('s1.social', 's2.social') THEN TIMESTAMP '2022-11-07 00:00:00' END`);
    c.closeSync();
    instance.closeSync();
    const db = await openCensusForWriting(file);
    const rows = await db.connection.runAndReadAll(
      `SELECT domain, created_at_source FROM servers WHERE domain IN ('s1.social', 's2.social', 's3.social') ORDER BY domain`,
    );
    expect(rows.getRowObjectsJson()).toEqual([
      { domain: 's1.social', created_at_source: 'lemmy_site_published' },
      { domain: 's2.social', created_at_source: 'mastodon_contact_account' },
      { domain: 's3.social', created_at_source: null },
    ]);
    db.close();
  });

  it('refuses a census newer than it understands, naming both versions', async () => {
    const file = path.join(dir, 'census.duckdb');
    (await openCensusForWriting(file)).close();
    const instance = await DuckDBInstance.create(file);
    const c = await instance.connect();
    await c.run(`INSERT INTO schema_version VALUES (99, now()::TIMESTAMP, 'from the future')`);
    c.closeSync();
    instance.closeSync();
    await expect(openCensusForWriting(file)).rejects.toThrow(`schema version 99 is newer than this fedicensus understands (${SCHEMA_VERSION})`);
  });
});

// Publishing by hand, as api/publish/ does after a crawl: the census copied into <publishDir>/<version>/,
// then current.json replaced atomically (written beside, renamed over).
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export async function publishByHand(publishDir: string, version: string, censusFile: string, dataAsOf: string): Promise<void> {
  await mkdir(path.join(publishDir, version), { recursive: true });
  await copyFile(censusFile, path.join(publishDir, version, 'census.duckdb'));
  const pointer = {
    version,
    database: `${version}/census.duckdb`,
    datasets: `${version}/datasets`,
    dataAsOf,
    publishedAt: new Date(Date.UTC(2024, 0, 18)).toISOString(),
  };
  const temp = path.join(publishDir, `.current.json.${version}.tmp`);
  await writeFile(temp, JSON.stringify(pointer));
  await rename(temp, path.join(publishDir, 'current.json'));
}

/** A fourth crawl day, D4 2024-01-24, seeing masto.example.org with 170 users. */
export const D4 = '2024-01-24';
export const DAY_FOUR_SQL = `
INSERT INTO attempts (day, domain, status, requests, crawled_at, run_id)
  VALUES (DATE '${D4}', 'masto.example.org', 'ok', 5, TIMESTAMP '${D4} 03:00:00', 4);
INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear, local_posts, open_registrations, quality, sources, crawled_at)
  VALUES (DATE '${D4}', 'masto.example.org', 'mastodon', '4.2.1', 170, 45, 90, 5500, true, NULL, 'nodeinfo-2.0', TIMESTAMP '${D4} 03:00:00');
UPDATE servers SET last_seen_ok = DATE '${D4}', last_attempt = DATE '${D4}' WHERE domain = 'masto.example.org';
`;

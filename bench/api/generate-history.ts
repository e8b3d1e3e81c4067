// Generates a synthetic census history for the API benchmark: N servers observed every day for D days
// (5 years x 40,000 servers = about 73 M snapshot rows), written with the real census schema
// (crawler/store/db.ts) so the API reads exactly what a crawl would leave. Everything is set-based DuckDB
// SQL over generate_series: row-by-row inserts from JS would take hours.
//
// Usage: npx tsx bench/api/generate-history.ts --out data/bench/census.duckdb [--servers 40000] [--days 1826]
import { rm } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openCensusForWriting } from '../../crawler/store/db.ts';

export interface HistoryShape {
  readonly servers: number;
  readonly days: number;
  /** The last day of the history (YYYY-MM-DD); the first is `days - 1` days earlier. */
  readonly lastDay: string;
}

/** Days of attempts and snapshots inserted per statement, so memory stays bounded and progress shows. */
const CHUNK_DAYS = 120;

// Software mix, roughly the fediverse's: the first share of servers runs Mastodon (with activity windows),
// and so on. Index ranges are taken on a hash of the server number so software is not clustered by name.
const SOFTWARE_SQL = `CASE
  WHEN h % 100 < 45 THEN 'mastodon' WHEN h % 100 < 60 THEN 'misskey' WHEN h % 100 < 70 THEN 'lemmy'
  WHEN h % 100 < 80 THEN 'pleroma' WHEN h % 100 < 88 THEN 'peertube' WHEN h % 100 < 94 THEN 'gotosocial'
  ELSE 'akkoma' END`;

export async function generateHistory(out: string, shape: HistoryShape, log: (line: string) => void): Promise<void> {
  await rm(out, { force: true });
  await rm(`${out}.wal`, { force: true });
  const db = await openCensusForWriting(out);
  const c = db.connection;
  const first = `(DATE '${shape.lastDay}' - INTERVAL ${shape.days - 1} DAY)::DATE`;
  const step = async (label: string, sql: string): Promise<void> => {
    const started = Date.now();
    await c.run(sql);
    log(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  try {
    // Per server: a hash for the software, a size class (heavy-tailed: few large servers), a daily growth
    // rate, and the day it joins the census (a tenth of servers arrive during the history).
    await step(
      'servers',
      `CREATE TEMP TABLE gen AS
       SELECT i, 's' || lpad(i::VARCHAR, 5, '0') || '.bench-fedi.net' AS domain, h, ${SOFTWARE_SQL} AS software,
              (pow((h >> 8) % 1000 / 1000.0, 6) * 200000)::BIGINT + 1 AS base,
              ((h >> 20) % 50) / 10.0 AS rate,
              CASE WHEN (h >> 30) % 10 = 0 THEN ((h >> 34) % ${shape.days})::INTEGER ELSE 0 END AS join_offset
       FROM (SELECT i, hash(i) AS h FROM generate_series(1, ${shape.servers}) t(i))`,
    );
    await step(
      'servers table',
      `INSERT INTO servers (domain, first_seen, first_seen_ok, last_seen_ok, last_attempt, status, software, version, created_at)
       SELECT domain, ${first} + join_offset, ${first} + join_offset, DATE '${shape.lastDay}', DATE '${shape.lastDay}', 'ok',
              software, '4.2.0',
              CASE WHEN software IN ('mastodon', 'lemmy') AND h % 3 > 0
                   THEN (${first} + join_offset - INTERVAL ((h >> 40) % 2000) DAY)::TIMESTAMP END
       FROM gen ORDER BY domain`,
    );
    // Day-major order, as nightly crawls append, in chunks of days so memory stays bounded and progress
    // shows. 3 % of server-days fail (no snapshot); 0.5 % of counts are NULL (failed the plausibility rules).
    for (let start = 0; start < shape.days; start += CHUNK_DAYS) {
      const end = Math.min(shape.days, start + CHUNK_DAYS) - 1;
      const days = `(SELECT d::INTEGER AS d FROM generate_series(${start}, ${end}) t(d)) days`;
      await step(
        `attempts days ${start}-${end}`,
        `INSERT INTO attempts (day, domain, status, reason, requests, crawled_at, run_id)
         SELECT ${first} + d, domain, CASE WHEN hash(i, d) % 100 < 3 THEN 'unreachable' ELSE 'ok' END, NULL, 3,
                (${first} + d)::TIMESTAMP + INTERVAL 2 HOUR, d + 1
         FROM ${days}, gen WHERE d >= join_offset ORDER BY d, domain`,
      );
      await step(
        `snapshots days ${start}-${end}`,
        `INSERT INTO snapshots (day, domain, software, version, users_total, users_active_month, users_active_halfyear, local_posts, open_registrations, quality, sources, crawled_at)
         SELECT day, domain, software, '4.2.0',
                CASE WHEN nulls % 200 = 0 THEN NULL ELSE users END,
                CASE WHEN nulls % 200 = 1 THEN NULL ELSE users // 5 END,
                users // 3, CASE WHEN nulls % 200 = 2 THEN NULL ELSE users * 30 END,
                true, NULL, 'nodeinfo-2.0', day::TIMESTAMP + INTERVAL 2 HOUR
         FROM (SELECT ${first} + d AS day, domain, software, (base + rate * (d - join_offset))::BIGINT AS users,
                      hash(d, i) >> 10 AS nulls
               FROM ${days}, gen
               WHERE d >= join_offset AND hash(i, d) % 100 >= 3)
         ORDER BY day, domain`,
      );
    }
    await step(
      'weekly_activity',
      `INSERT INTO weekly_activity (domain, week, window_start, statuses, logins, registrations, quality, observed_on)
       SELECT domain, week, week::TIMESTAMP - INTERVAL 3 DAY, (base // 10) + w, base // 4, (rate * 7)::BIGINT + w % 3,
              NULL, week + 6
       FROM (SELECT date_trunc('week', ${first} + join_offset)::DATE + 7 * w AS week, w, domain, base, rate
             FROM gen, (SELECT w::INTEGER AS w FROM generate_series(0, ${Math.ceil(shape.days / 7)}) t(w)) weeks WHERE software = 'mastodon')
       WHERE week <= DATE '${shape.lastDay}' ORDER BY week, domain`,
    );
    await step(
      'crawl_runs',
      `INSERT INTO crawl_runs (run_id, day, started_at, ended_at, known, attempted, ok, new_servers, outcomes, options) SELECT d + 1, ${first} + d, (${first} + d)::TIMESTAMP, (${first} + d)::TIMESTAMP + INTERVAL 3 HOUR,
              NULL, NULL, NULL, NULL, NULL, NULL FROM (SELECT d::INTEGER AS d FROM generate_series(0, ${shape.days - 1}) t(d))`,
    );
    await step('checkpoint', 'CHECKPOINT');
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'data/bench/census.duckdb' },
      servers: { type: 'string', default: '40000' },
      days: { type: 'string', default: '1826' },
      'last-day': { type: 'string', default: '2025-06-30' },
    },
  });
  const shape: HistoryShape = { servers: Number(values.servers), days: Number(values.days), lastDay: values['last-day'] };
  const started = Date.now();
  await generateHistory(values.out, shape, (line) => console.log(line));
  console.log(`generated ${shape.servers} servers x ${shape.days} days in ${((Date.now() - started) / 1000).toFixed(1)} s -> ${values.out}`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();

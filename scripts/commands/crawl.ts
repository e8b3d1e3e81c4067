import type { Command } from '../command.ts';
import { siteUrlFrom } from './public-url.ts';
import { crawlSchema, parseSettings, todayUtc, type CrawlSettings } from '../config.ts';
import type { CrawlSummary } from '../../crawler/crawl.ts';
import type { PublishResult } from '../../api/publish/publish.ts';
import { UsageError } from '../config.ts';
import type { Io } from '../command.ts';

export const DEFAULT_DB = 'data/fedicensus.duckdb';

export const crawlOptions = {
  db: { type: 'string' },
  day: { type: 'string' },
  seeds: { type: 'string' },
  'seeds-file': { type: 'string' },
  'exclude-file': { type: 'string' },
  concurrency: { type: 'string' },
  'timeout-ms': { type: 'string' },
  'connect-to': { type: 'string', multiple: true },
  'no-publish': { type: 'boolean' },
  'publish-dir': { type: 'string' },
  'progress-interval-ms': { type: 'string' },
  'max-new-per-domain': { type: 'string' },
} as const;

export const crawlUsage = `Usage: fedicensus crawl [flags]

Walks the fediverse from the seeds and the servers already known, and records today's census.

  --db PATH              census database (default ${DEFAULT_DB})
  --day YYYY-MM-DD       the day to record (default: today, UTC)
  --seeds a,b            seed servers (default: the names in --seeds-file)
  --seeds-file PATH      one name per line (default data/seeds.txt)
  --exclude-file PATH    names and *.suffix patterns never contacted (default data/exclude.txt)
  --concurrency N        servers crawled at once (default 64; one request at a time per server)
  --timeout-ms N         time budget per server, all its requests included (default 30000)
  --connect-to H1:P1:H2:P2
                         send connections for H1:P1 to H2:P2, keeping URL, Host and TLS name (curl's
                         semantics; empty H1 or P1 matches any; repeatable)
  --no-publish           do not publish the datasets and the API snapshot at the end
  --publish-dir DIR      where snapshots are published (default: published/ beside --db)
  --progress-interval-ms N  plain progress lines when not on a terminal (default 10000)
  --max-new-per-domain N names never seen ok tried per registrable domain per night (default 100; 0: no cap)`;

export function crawlSettingsFrom(values: Record<string, unknown>, now: Date): CrawlSettings {
  return parseSettings(crawlSchema, {
    db: values.db ?? DEFAULT_DB,
    day: values.day ?? todayUtc(now),
    seeds: typeof values.seeds === 'string' ? values.seeds.split(',').map((s) => s.trim()).filter(Boolean) : undefined,
    seedsFile: values['seeds-file'] ?? 'data/seeds.txt',
    excludeFile: values['exclude-file'] ?? 'data/exclude.txt',
    concurrency: values.concurrency ?? 64,
    timeoutMs: values['timeout-ms'] ?? 30_000,
    connectTo: values['connect-to'] ?? [],
    publish: !values['no-publish'],
    publishDir: values['publish-dir'],
    progressIntervalMs: values['progress-interval-ms'] ?? 10_000,
    maxNewPerDomain: values['max-new-per-domain'],
  });
}

export const crawlCommand: Command = {
  summary: 'crawl the fediverse and record one day of the census',
  usage: crawlUsage,
  options: crawlOptions,
  async run(values, io) {
    const settings = crawlSettingsFrom(values, io.now());
    if (settings.publish) siteUrlFrom(io); // a bad FEDICENSUS_PUBLIC_URL stops us before the crawl, not after
    await crawlAndReport(settings, io);
    if (settings.publish) await publishAndReport(settings.db, settings.publishDir, io);
    return 0;
  },
};

// The heavy modules are imported when a command runs, not when the CLI starts: `fedicensus --help` or
// `serve` need not load the crawler, DuckDB writers or the site bundler.

/** Runs the crawl and prints its summary. A bad --connect-to is the operator's mistake: exit 2. */
export async function crawlAndReport(settings: CrawlSettings, io: Io): Promise<CrawlSummary> {
  const { runCrawl, formatSummary, ConnectToError } = await import('../../crawler/run.ts');
  const { asDiskFull } = await import('../../crawler/store/disk-full.ts');
  const summary = await withoutSourceMaps(() => runCrawl(settings, io)).catch((err: unknown) => {
    throw err instanceof ConnectToError ? new UsageError(err.message) : asDiskFull(err, settings.db);
  });
  io.stdout.write(formatSummary(summary) + '\n');
  return summary;
}

/**
 * Runs `task` with source-mapped stack traces off, then restores the setting. Node formats the stack of every
 * socket that fails, tens of thousands a night; mapping each frame back to the TypeScript (tsx turns source
 * maps on) was about 4% of the crawl's main thread (a CPU profile of bench/crawl). Stacks made meanwhile keep
 * the positions of the JavaScript tsx compiled.
 */
export async function withoutSourceMaps<T>(task: () => Promise<T>): Promise<T> {
  const enabled = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  try {
    return await task();
  } finally {
    process.setSourceMapsEnabled(enabled);
  }
}

/** Publishes the census (snapshot and datasets for the API) and says which version. */
export async function publishAndReport(dbPath: string, publishDir: string | undefined, io: Io): Promise<PublishResult> {
  const { publishCensus } = await import('../../api/publish/publish.ts');
  const { asDiskFull } = await import('../../crawler/store/disk-full.ts');
  const published = await publishCensus({ dbPath, publishDir, now: io.now(), siteUrl: siteUrlFrom(io) }).catch((err: unknown) => {
    throw asDiskFull(err, publishDir ?? null);
  });
  const { weekly } = published;
  const how = weekly.from === 'carried'
    ? `carried from the previous version, months before ${weekly.cut} settled, ${weekly.moved} ${weekly.moved === 1 ? 'server' : 'servers'} moved to another software`
    : `computed from the whole history (${weekly.why})`;
  io.stdout.write(`published ${published.version} to ${published.publishDir}\nweekly rows: ${how}\n`);
  return published;
}

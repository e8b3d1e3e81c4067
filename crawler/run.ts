// The crawl's composition root: real side effects (database, network, clock, terminal) are made here and
// passed to crawl(), which knows none of them. The command line (scripts/commands/crawl.ts) calls this.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Agent } from 'undici';
import { openCensusForWriting } from './store/db.ts';
import { CensusWriter } from './store/census-writer.ts';
import { crawl, type CrawlServerOptions, type CrawlSummary } from './crawl.ts';
import { crawlServer } from './crawl-server.ts';
import { readExcludeList, readNameList } from './exclude-list.ts';
import { createProgress, formatDuration, type ProgressSink } from './progress.ts';
import { createDispatcherWith, createGuardedConnector, type DispatcherOptions } from './net/dispatcher.ts';
import { parseConnectToList } from './net/connect-to.ts';
import { createHostSession } from './net/session.ts';
import { buildUserAgent } from './net/user-agent.ts';
import { acquireLock } from './lock.ts';

export interface CrawlRunOptions {
  readonly db: string;
  readonly day: string;
  readonly seeds?: readonly string[];
  readonly seedsFile: string;
  readonly excludeFile: string;
  readonly concurrency: number;
  readonly timeoutMs: number;
  readonly connectTo: readonly string[];
  readonly progressIntervalMs: number;
  /** Passed to the group cap; 0: no cap. */
  readonly maxNewPerDomain?: number;
}

export interface CrawlRunIo {
  readonly stderr: ProgressSink;
  readonly now: () => Date;
}

export class ConnectToError extends Error {}

export async function runCrawl(options: CrawlRunOptions, io: CrawlRunIo): Promise<CrawlSummary> {
  let rules;
  try {
    rules = parseConnectToList(options.connectTo);
  } catch (err) {
    throw new ConnectToError((err as Error).message);
  }
  const seeds = options.seeds ?? (await readNameList(options.seedsFile));
  const exclude = await readExcludeList(options.excludeFile);
  const userAgent = buildUserAgent();
  const netOptions: DispatcherOptions = {
    connectTo: rules,
    // Per-request timeouts stay inside the per-server budget.
    connectTimeoutMs: Math.min(10_000, options.timeoutMs),
    headersTimeoutMs: Math.min(15_000, options.timeoutMs),
    bodyTimeoutMs: Math.min(15_000, options.timeoutMs),
  };
  const connector = createGuardedConnector(netOptions);
  const crawlOne = async (domain: string, crawlOptions: CrawlServerOptions) => {
    const dispatcher: Agent = createDispatcherWith(connector, netOptions);
    try {
      return await crawlServer(createHostSession({ domain, dispatcher, userAgent, timeoutMs: options.timeoutMs }), domain, crawlOptions);
    } finally {
      dispatcher.destroy().catch(() => undefined);
    }
  };
  await mkdir(path.dirname(path.resolve(options.db)), { recursive: true });
  const lock = await acquireLock(`${options.db}.lock`);
  if (lock.tookOver) io.stderr.write(`took over a stale lock left by pid ${lock.tookOver.pid} (started ${lock.tookOver.startedAt})\n`);
  let db;
  try {
    db = await openCensusForWriting(options.db);
  } catch (err) {
    await lock.release();
    throw err;
  }
  try {
    const writer = new CensusWriter(db.connection);
    return await crawl(
      {
        day: options.day,
        seeds,
        concurrency: options.concurrency,
        exclude,
        ...(options.maxNewPerDomain !== undefined ? { maxNewPerDomain: options.maxNewPerDomain } : {}),
        options: { concurrency: options.concurrency, timeoutMs: options.timeoutMs, userAgent, seeds: seeds.length },
      },
      {
        writer,
        clock: io.now,
        progress: createProgress(io.stderr, () => io.now().getTime(), options.progressIntervalMs),
        crawlServer: crawlOne,
      },
    );
  } finally {
    db.close();
    await lock.release();
  }
}

/** The end-of-run summary, for a person or a log. */
export function formatSummary(s: CrawlSummary): string {
  const failed = Object.entries(s.outcomes)
    .filter(([status]) => status !== 'ok' && status !== 'disallowed')
    .sort((a, b) => b[1] - a[1]);
  const failedTotal = failed.reduce((n, [, c]) => n + c, 0);
  const lines = [
    `crawl of ${s.day} (run ${s.runId}) finished in ${formatDuration((s.endedAt.getTime() - s.startedAt.getTime()) / 1000)}`,
    `  known:       ${s.known}`,
    `  attempted:   ${s.attempted}`,
    `  ok:          ${s.ok}`,
    `  failed:      ${failedTotal}${failed.length ? ` (${failed.map(([k, v]) => `${k} ${v}`).join(', ')})` : ''}`,
    `  disallowed:  ${s.outcomes.disallowed ?? 0} (robots.txt)`,
    `  new servers: ${s.newServers}`,
    `  peer lists:  ${s.peerLists.fetched} fetched${s.peerLists.notDue ? `, ${s.peerLists.notDue} not due (each list is refreshed weekly)` : ''}`,
  ];
  if (s.waiting > 0) lines.push(`  waiting:     ${s.waiting} (backing off after failures, or asked to be left alone)`);
  if (s.dormant > 0 || s.revived > 0) lines.push(`  gone:        ${s.dormant} not attempted, ${s.revived} tried again because a peer list named them`);
  const capped = Object.entries(s.capped).sort((a, b) => b[1] - a[1]);
  if (capped.length) {
    lines.push(`  capped:      ${capped.reduce((n, [, c]) => n + c, 0)} unproven names left for later nights (${capped.slice(0, 5).map(([k, v]) => `${k} ${v}`).join(', ')})`);
  }
  if (s.resumed > 0) lines.push(`  resumed:     ${s.resumed} already attempted by an interrupted run of this day`);
  if (s.excluded > 0) lines.push(`  excluded:    ${s.excluded} (history removed)`);
  const dropped = Object.entries(s.peerEntriesDropped).sort((a, b) => b[1] - a[1]);
  if (dropped.length) lines.push(`  peer entries dropped: ${dropped.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.invalidSeeds.length) lines.push(`  invalid seeds ignored: ${s.invalidSeeds.join(', ')}`);
  if (s.attempted > 0 && s.ok === 0 && failed.every(([k]) => k === 'unreachable' || k === 'timeout')) {
    lines.push(
      '',
      'No server could be reached. Is this machine offline? To see fedicensus work without a network,',
      'run `npm run demo`: it crawls a simulated fediverse on this machine.',
    );
  }
  return lines.join('\n');
}

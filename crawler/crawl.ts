// One day's crawl: every known server plus every new name found in peer lists on the way, each crawled
// once, `concurrency` servers at a time, one request at a time per server. Results go to the census in
// batches; discovery is a breadth-first walk, so a name listed by many peers is still crawled once.
import PQueue from 'p-queue';
import type { ServerObservation } from './observation.ts';
import type { CensusWriter, DayReach, NewServer, RunTotals } from './store/census-writer.ts';
import type { ExcludeList } from './exclude-list.ts';
import type { ProgressReporter } from './progress.ts';
import { normalizeName } from '../core/server-name.ts';
import { createGroupCap, DEFAULT_MAX_NEW_PER_DOMAIN } from './group-cap.ts';

export interface ServerCrawlResult {
  readonly observation: ServerObservation;
  /** Raw peer-list entries (untrusted: normalised here). */
  readonly peers: Iterable<unknown>;
}

export interface CrawlServerOptions {
  readonly fetchPeers: boolean;
}

export interface CrawlPlan {
  readonly day: string;
  readonly seeds: readonly string[];
  readonly concurrency: number;
  readonly exclude: ExcludeList;
  readonly options: unknown;
  /** Names never seen ok that one registrable domain may put in one night's crawl (spam wildcards). */
  readonly maxNewPerDomain?: number;
}

export interface CrawlDeps {
  readonly writer: CensusWriter;
  /** `fetchPeers`: whether today is a day to ask for the server's peer list (crawler/peer-refresh.ts). */
  readonly crawlServer: (domain: string, options: CrawlServerOptions) => Promise<ServerCrawlResult>;
  readonly progress: ProgressReporter;
  readonly clock: () => Date;
  /** How many observations to hold before writing them (one transaction per batch). */
  readonly batchSize?: number;
}

export interface CrawlSummary extends RunTotals {
  readonly runId: number;
  readonly day: string;
  readonly excluded: number;
  /** Servers an interrupted earlier run of the same day had already attempted, not crawled again. */
  readonly resumed: number;
  /** Known servers not attempted: their backoff runs past today. */
  readonly waiting: number;
  /** Gone servers no peer list named today (not attempted). */
  readonly dormant: number;
  /** Gone servers attempted because a peer list named them again. */
  readonly revived: number;
  /** The whole day's reach after this run: every attempt of the day, earlier interrupted runs' included. */
  readonly dayReach: DayReach;
  /** The previous crawled day's reach, to tell a lost network from a shrinking fediverse. */
  readonly previousDay: DayReach | null;
  /** Names skipped by the per-domain cap, by registrable domain. */
  readonly capped: Readonly<Record<string, number>>;
  readonly invalidSeeds: readonly string[];
  readonly startedAt: Date;
  readonly endedAt: Date;
  readonly peerEntriesDropped: Readonly<Record<string, number>>;
  /** Peer lists asked for, and servers reached whose list was left for its weekly slot. */
  readonly peerLists: { readonly fetched: number; readonly notDue: number };
}

export async function crawl(plan: CrawlPlan, deps: CrawlDeps): Promise<CrawlSummary> {
  const { writer, clock } = deps;
  const startedAt = clock();
  const batchSize = deps.batchSize ?? 200;

  // The exclude list wins over everything: remove history first, never contact.
  const known = await writer.knownDomains();
  const toExclude = known.filter((d) => plan.exclude.matches(d));
  await writer.exclude(toExclude, plan.day);
  const tombstones = await writer.excludedDomains();
  const isExcluded = (d: string) => tombstones.has(d) || plan.exclude.matches(d);

  const invalidSeeds: string[] = [];
  const seeds: NewServer[] = [];
  for (const raw of plan.seeds) {
    const n = normalizeName(raw);
    if (!n.ok) invalidSeeds.push(raw);
    else if (!isExcluded(n.name)) seeds.push({ domain: n.name, listedBy: null });
  }
  const previousDay = await writer.previousDayReach(plan.day);
  const resumedFrom = await writer.attemptedByUnfinishedRuns(plan.day);
  const runId = await writer.beginRun(plan.day, startedAt, plan.options);
  let newServers = await writer.addServers(plan.day, seeds);
  const schedule = await writer.schedule(plan.day);

  // `seen`: every name that must not be enqueued again today. Dormant (gone) servers stay out of it: a
  // peer list naming them again brings them back.
  const seen = new Set<string>();
  for (const d of known) if (!isExcluded(d) && !schedule.dormant.has(d)) seen.add(d);
  for (const s of seeds) seen.add(s.domain);
  const cap = createGroupCap(plan.maxNewPerDomain ?? DEFAULT_MAX_NEW_PER_DOMAIN, schedule.everOk);
  let revived = 0;
  const peerLists = { fetched: 0, notDue: 0 };

  const outcomes: Record<string, number> = {};
  const dropped: Record<string, number> = {};
  let done = 0;
  let ok = 0;
  let pendingObservations: ServerObservation[] = [];
  let pendingServers: NewServer[] = [];
  // Writes are chained so the census sees them in order and one at a time.
  let writing: Promise<void> = Promise.resolve();
  const flush = () => {
    const observations = pendingObservations;
    const servers = pendingServers;
    pendingObservations = [];
    pendingServers = [];
    writing = writing.then(async () => {
      newServers += await writer.recordBatch(plan.day, runId, servers, observations, clock());
    });
    return writing;
  };

  let fatal: Error | undefined;
  const queue = new PQueue({ concurrency: plan.concurrency });
  const report = () => deps.progress.update({ done, known: seen.size, ok, failed: done - ok });
  // Names wait in plain arrays and enter the queue a few at a time: a queued task is a closure and a
  // promise, which for 121,644 names at once cost more memory than the crawl itself. One array per expected
  // length, longest first (docs/methodology.md, "Order within a night"): a server that timed out last time
  // holds its slot for the whole budget, so it starts before the rest instead of ending the night as a tail.
  const backlogs: string[][] = [[], [], []];
  const taken = [0, 0, 0];
  const lengthRank = (d: string) => (schedule.timedOut.has(d) ? 0 : schedule.failedFast.has(d) ? 2 : 1);
  const nextName = (): string | undefined => {
    const rank = backlogs.findIndex((names, r) => taken[r]! < names.length);
    if (rank < 0) return undefined;
    const domain = backlogs[rank]![taken[rank]!++];
    if (taken[rank]! > 10_000) {
      backlogs[rank] = backlogs[rank]!.slice(taken[rank]);
      taken[rank] = 0;
    }
    return domain;
  };
  const pump = () => {
    while (!fatal && queue.size + queue.pending < plan.concurrency * 2) {
      const domain = nextName();
      if (domain === undefined) break;
      void queue.add(() => crawlOne(domain));
    }
  };
  // Admission follows the order names arrive in (least recently attempted first, so the cap rotates).
  const enqueue = (domain: string) => {
    if (!cap.admit(domain)) return; // known, but this night's share of its group is used up
    backlogs[lengthRank(domain)]!.push(domain);
  };
  const crawlOne = async (domain: string): Promise<void> => {
    if (fatal) return;
    const fetchPeers = !schedule.peersFresh.has(domain);
    const result = await crawlSafely(deps.crawlServer, domain, { fetchPeers });
    const o = result.observation;
    outcomes[o.status] = (outcomes[o.status] ?? 0) + 1;
    done++;
    if (o.status === 'ok') {
      ok++;
      if (fetchPeers) peerLists.fetched++;
      else peerLists.notDue++;
    }
    const listed = o.movedTo ? [o.movedTo, ...result.peers] : result.peers;
    for (const entry of listed) {
      const n = normalizeName(entry);
      if (!n.ok) {
        dropped[n.reason] = (dropped[n.reason] ?? 0) + 1;
      } else if (schedule.dormant.delete(n.name)) {
        revived++;
        seen.add(n.name);
        enqueue(n.name);
      } else if (!seen.has(n.name) && !isExcluded(n.name)) {
        seen.add(n.name);
        pendingServers.push({ domain: n.name, listedBy: domain });
        enqueue(n.name);
      }
    }
    pendingObservations.push(o);
    if (pendingObservations.length >= batchSize) {
      await flush().catch((err: unknown) => {
        // The census cannot take writes (disk full, ...): stop crawling, report after the queue drains.
        fatal ??= err as Error;
        queue.clear();
      });
    }
    report();
    pump();
  };
  for (const domain of resumedFrom) seen.add(domain);
  // New seeds are in the schedule too: never attempted means due.
  for (const domain of schedule.due) if (!resumedFrom.has(domain) && !isExcluded(domain)) enqueue(domain);
  pump();
  await queue.onIdle();
  if (fatal) throw fatal;
  await flush();
  deps.progress.finish();

  const endedAt = clock();
  const totals: RunTotals = { known: seen.size + schedule.dormant.size, attempted: done, ok, newServers, outcomes };
  await writer.finishRun(runId, endedAt, totals);
  const dayReach = await writer.dayReach(plan.day);
  return {
    ...totals,
    runId,
    day: plan.day,
    excluded: toExclude.length,
    resumed: resumedFrom.size,
    waiting: schedule.waiting,
    dormant: schedule.dormant.size,
    revived,
    capped: cap.skipped(),
    dayReach,
    previousDay,
    invalidSeeds,
    startedAt,
    endedAt,
    peerEntriesDropped: dropped,
    peerLists,
  };
}

/** A bug or a hostile answer costs one server, never the crawl. */
async function crawlSafely(crawlServer: CrawlDeps['crawlServer'], domain: string, options: CrawlServerOptions): Promise<ServerCrawlResult> {
  try {
    return await crawlServer(domain, options);
  } catch (err) {
    const reason = `crawler error: ${(err as Error).message ?? String(err)}`.slice(0, 300);
    return { observation: { domain, status: 'invalid_response', reason, requests: 0 }, peers: [] };
  }
}

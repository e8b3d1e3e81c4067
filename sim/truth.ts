// The ground truth of one crawl day: which servers a correct crawl from the given seeds discovers, what it
// stores for each, and the day's totals. Integration tests assert the crawler's census EQUALS this.
import type { JunkReason, SimCatalogue } from './model.ts';
import { EXPECTED_STATUSES, expectServer, type ExpectedServer, type ExpectedStatus } from './truth-server.ts';

export type { ExpectedServer, ExpectedStatus, ExpectedActivityWindow } from './truth-server.ts';
export { EXPECTED_STATUSES, STATUS_OF_FAULT } from './truth-server.ts';

export interface GroundTruthOptions {
  /** Canonical (ASCII, lower-case) names the crawl starts from. Default: the catalogue's seeds. */
  readonly seeds?: readonly string[];
  /** The simulated date of the crawl. Default: the catalogue's start. */
  readonly now?: Date;
}

export interface GroundTruthTotals {
  readonly serversOk: number;
  /** Sums over ok servers; NULLs (missing or implausible) are skipped. */
  readonly usersTotal: number;
  readonly usersActiveMonth: number;
  readonly usersActiveHalfyear: number;
  readonly localPosts: number;
  readonly byStatus: Readonly<Record<ExpectedStatus, number>>;
}

export interface PeerDrops {
  /** Junk entries in the peer lists a correct crawl reads (each occurrence counts). */
  readonly total: number;
  readonly byReason: Readonly<Record<JunkReason, number>>;
  /** Entries that named a server (decorated spellings included), each occurrence counted. */
  readonly validEntries: number;
}

export interface GroundTruth {
  /** The crawl day, YYYY-MM-DD (UTC). */
  readonly date: string;
  /** Every domain the crawl knows after BFS, sorted: seeds plus names listed by servers that contribute peers. */
  readonly discovered: readonly string[];
  readonly servers: ReadonlyMap<string, ExpectedServer>;
  readonly totals: GroundTruthTotals;
  readonly drops: PeerDrops;
}

const REASONS: readonly JunkReason[] = [
  'non_string', 'ip_literal', 'special_use', 'port', 'underscore', 'no_dot', 'label_too_long', 'too_long',
];

export function groundTruth(catalogue: SimCatalogue, options: GroundTruthOptions = {}): GroundTruth {
  const now = options.now ?? catalogue.start;
  const seeds = options.seeds ?? catalogue.seeds;
  const servers = new Map<string, ExpectedServer>();
  const queue = [...new Set(seeds)];
  const byReason = Object.fromEntries(REASONS.map((r) => [r, 0])) as Record<JunkReason, number>;
  let validEntries = 0;
  // Breadth-first: only servers whose NodeInfo succeeded and whose peer path may be read add names.
  while (queue.length > 0) {
    const domain = queue.shift() as string;
    if (servers.has(domain)) continue;
    const expected = expectServer(catalogue, domain, now);
    servers.set(domain, expected);
    if (expected.movedTo && !servers.has(expected.movedTo)) queue.push(expected.movedTo);
    for (const entry of expected.peers) {
      if (entry.canonical === null) {
        byReason[entry.junk ?? 'non_string']++;
        continue;
      }
      validEntries++;
      if (!servers.has(entry.canonical)) queue.push(entry.canonical);
    }
  }
  const byStatus = Object.fromEntries(EXPECTED_STATUSES.map((s) => [s, 0])) as Record<ExpectedStatus, number>;
  let usersTotal = 0;
  let usersActiveMonth = 0;
  let usersActiveHalfyear = 0;
  let localPosts = 0;
  for (const s of servers.values()) {
    byStatus[s.status]++;
    usersTotal += s.usersTotal?.value ?? 0;
    usersActiveMonth += s.usersActiveMonth?.value ?? 0;
    usersActiveHalfyear += s.usersActiveHalfyear?.value ?? 0;
    localPosts += s.localPosts?.value ?? 0;
  }
  return {
    date: now.toISOString().slice(0, 10),
    discovered: [...servers.keys()].sort(),
    servers,
    totals: { serversOk: byStatus.ok, usersTotal, usersActiveMonth, usersActiveHalfyear, localPosts, byStatus },
    drops: { total: REASONS.reduce((n, r) => n + byReason[r], 0), byReason, validEntries },
  };
}

/** `field:flag` pairs joined by `;`, the way the census stores a snapshot's flags (docs/contributing.md). */
export function expectedFlags(server: ExpectedServer): string {
  const fields = [
    ['users_total', server.usersTotal],
    ['users_active_month', server.usersActiveMonth],
    ['users_active_halfyear', server.usersActiveHalfyear],
    ['local_posts', server.localPosts],
  ] as const;
  return fields.filter(([, c]) => c?.flag).map(([name, c]) => `${name}:${c?.flag}`).join(';');
}

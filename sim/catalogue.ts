// A deterministic generator of simulated fediverse hosts: the same options always give the same catalogue.
// Every failure behaviour and quirk appears on a fair number of hosts, so an integration test over one
// catalogue exercises the crawler's whole decision table.
import { domainToASCII } from 'node:url';
import type { BaseFigures, SimCatalogue, SimFault, SimHost, SimQuirk, SimSoftware } from './model.ts';
import { ALL_SOFTWARE, indexHosts } from './model.ts';
import { createPrng, type Prng } from './prng.ts';
import { buildPeerList, plainEntry } from './peers.ts';
import { DAY_MS } from './figures.ts';
import { implausibleFor } from './implausible.ts';
import {
  FAULT_SHARES, LEGACY_MASTODON_VERSION, NAME_DOMAINS, NAME_PREFIX, PEERS_BY_MASTODON_API, QUIRK_RULES,
  SOFTWARE_WEIGHTS, UNICODE_LABELS, VERSIONS,
} from './catalogue-tables.ts';

export interface CatalogueOptions {
  readonly seed: number;
  /** Hosts that complete a TLS handshake (healthy or failing later), new hosts included. */
  readonly aliveCount: number;
  /** Hosts whose TLS handshake is refused. */
  readonly deadCount: number;
  /** The first simulated day. Default 2026-03-02T00:00:00Z. */
  readonly start?: Date;
  /** Live hosts created 1-13 days after `start` (listed by the seeds once they exist). Default 3% of live. */
  readonly newHostCount?: number;
  /** Known names per peer list (about ten in reality). Default 10. */
  readonly peersPerHost?: number;
  readonly seedCount?: number;
}

export const DEFAULT_START = new Date('2026-03-02T00:00:00Z');

interface Draft {
  name: string;
  unicodeName?: string;
  software: SimSoftware;
  fault: SimFault;
  quirks: Set<SimQuirk>;
  createdAt: Date;
  isNew: boolean;
}

export function generateCatalogue(options: CatalogueOptions): SimCatalogue {
  const prng = createPrng(options.seed);
  const start = options.start ?? DEFAULT_START;
  const alive = Math.max(0, options.aliveCount);
  const newCount = Math.min(alive, options.newHostCount ?? Math.ceil(alive * 0.03));
  const drafts: Draft[] = [];
  const usedNames = new Set<string>();
  const nameFor = (software: SimSoftware, unicode: boolean): { name: string; unicodeName?: string } => {
    for (;;) {
      const label = unicode ? `${prng.pick(UNICODE_LABELS)}-${prng.int(1, 999)}` : `${NAME_PREFIX[software]}-${prng.int(1, 9999)}`;
      const display = `${label}.${prng.pick(NAME_DOMAINS)}`;
      const name = domainToASCII(display);
      if (usedNames.has(name)) continue;
      usedNames.add(name);
      return unicode ? { name, unicodeName: display } : { name };
    }
  };
  const software = softwareMix(prng, alive);
  for (let i = 0; i < alive; i++) {
    const sw = software[i] as SimSoftware;
    const isNew = i >= alive - newCount;
    const createdAt = isNew
      ? new Date(start.getTime() + prng.int(1, 13) * DAY_MS + prng.int(0, 23) * 3_600_000)
      : new Date(start.getTime() - prng.int(30, 2500) * DAY_MS);
    drafts.push({ ...nameFor(sw, prng.chance(0.03)), software: sw, fault: 'none', quirks: new Set(), createdAt, isNew });
  }
  for (let i = 0; i < options.deadCount; i++) {
    const sw = pickWeighted(prng);
    const createdAt = new Date(start.getTime() - prng.int(30, 2500) * DAY_MS);
    drafts.push({ ...nameFor(sw, false), software: sw, fault: 'dead', quirks: new Set(), createdAt, isNew: false });
  }

  // Seeds: healthy, plain Mastodon-API hosts that existed from the start, so every crawl can begin there.
  const live = drafts.filter((d) => d.fault === 'none' && !d.isNew);
  const seedPool = live.filter((d) => d.software === 'mastodon');
  const seedDrafts = (seedPool.length > 0 ? seedPool : live.filter((d) => PEERS_BY_MASTODON_API.has(d.software)))
    .slice(0, options.seedCount ?? 3);
  const assignable = prng.shuffle(live.filter((d) => !seedDrafts.includes(d)));
  assignFaults(prng, assignable, alive);
  assignQuirks(prng, assignable.filter((d) => d.fault === 'none'), alive);

  const healthy = drafts.filter((d) => d.fault === 'none' && !d.isNew).map((d) => d.name);
  const hosts = drafts.map((d) => finishHost(prng, d, start, healthy));
  const withPeers = linkPeers(prng, hosts, options.peersPerHost ?? 10, seedDrafts.map((d) => d.name));
  return {
    seed: options.seed,
    start,
    hosts: withPeers,
    byName: indexHosts(withPeers),
    seeds: seedDrafts.map((d) => d.name),
  };
}

/** Every software at least twice when there is room, then by weight. */
function softwareMix(prng: Prng, count: number): SimSoftware[] {
  const out: SimSoftware[] = [];
  for (let i = 0; i < count; i++) {
    out.push(i < ALL_SOFTWARE.length * 2 && count >= ALL_SOFTWARE.length * 4
      ? (ALL_SOFTWARE[i % ALL_SOFTWARE.length] as SimSoftware)
      : pickWeighted(prng));
  }
  return out;
}

function pickWeighted(prng: Prng): SimSoftware {
  const total = ALL_SOFTWARE.reduce((s, sw) => s + SOFTWARE_WEIGHTS[sw], 0);
  let r = prng.next() * total;
  for (const sw of ALL_SOFTWARE) {
    r -= SOFTWARE_WEIGHTS[sw];
    if (r < 0) return sw;
  }
  return 'mastodon';
}

function wanted(share: number, alive: number): number {
  return Math.max(alive >= 100 ? 2 : 1, Math.round(share * alive));
}

/** Round-robin over the fault kinds so that small catalogues still get one of each; at most half fail. */
function assignFaults(prng: Prng, pool: Draft[], alive: number): void {
  const gts = pool.filter((d) => d.software === 'gotosocial');
  for (const d of gts.slice(0, Math.ceil(gts.length / 2))) d.fault = 'gotosocial_default_robots';
  const rest = pool.filter((d) => d.fault === 'none');
  const budget = Math.floor(rest.length / 2);
  const remaining = new Map(FAULT_SHARES.map(([f, share]) => [f, wanted(share, alive)]));
  let i = 0;
  while (i < budget && [...remaining.values()].some((n) => n > 0)) {
    for (const [fault, n] of remaining) {
      if (n <= 0 || i >= budget) continue;
      (rest[i] as Draft).fault = fault;
      remaining.set(fault, n - 1);
      i++;
    }
  }
  void prng;
}

function assignQuirks(prng: Prng, pool: readonly Draft[], alive: number): void {
  for (const rule of QUIRK_RULES) {
    let n = wanted(rule.share, alive);
    for (const d of prng.shuffle(pool)) {
      if (n <= 0) break;
      if (!rule.eligible(d.software)) continue;
      const rules = QUIRK_RULES.filter((r) => d.quirks.has(r.quirk));
      if (rule.group && rules.some((r) => r.group === rule.group)) continue;
      if (rule.addsRequest && rules.filter((r) => r.addsRequest).length >= 2) continue;
      d.quirks.add(rule.quirk);
      n--;
    }
  }
}

function finishHost(prng: Prng, d: Draft, start: Date, healthy: readonly string[]): SimHost {
  const users = Math.max(1, Math.round(Math.exp(prng.next() * Math.log(50_000))));
  const month = Math.round(users * (0.05 + prng.next() * 0.3));
  const noActives = d.software === 'misskey' || d.software === 'sharkey' || d.software === 'diaspora';
  const base: BaseFigures = {
    usersTotal: d.software === 'diaspora' ? null : users,
    usersActiveMonth: noActives ? null : month,
    usersActiveHalfyear: noActives ? null : month + Math.round(users * prng.next() * 0.3),
    localPosts: users * prng.int(5, 200),
  };
  const versions = VERSIONS[d.software];
  const version = d.quirks.has('legacy_v1_instance') ? LEGACY_MASTODON_VERSION : prng.pick(versions);
  const needsForeign = d.fault === 'redirect_other_host' || d.fault === 'nodeinfo_foreign_host';
  const foreign = needsForeign ? healthy.filter((n) => n !== d.name) : [];
  const host: SimHost = {
    name: d.name,
    ...(d.unicodeName ? { unicodeName: d.unicodeName } : {}),
    software: d.software,
    version,
    fault: d.fault,
    quirks: d.quirks,
    createdAt: d.createdAt,
    growthFrom: new Date(Math.max(start.getTime(), d.createdAt.getTime())),
    base,
    growthPerDay: Math.round(users * 0.002 * 100) / 100 + prng.int(0, 3),
    openRegistrations: prng.chance(0.4),
    peers: [],
    ...(foreign.length > 0 ? { foreignHost: prng.pick(foreign) } : {}),
  };
  return d.quirks.has('implausible') ? { ...host, implausible: implausibleFor(prng, host) } : host;
}

/** About `perHost` known names per list, dead hosts included; every new host is listed by the first seed. */
function linkPeers(prng: Prng, hosts: readonly SimHost[], perHost: number, seeds: readonly string[]): SimHost[] {
  const newNames = hosts.filter((h) => h.growthFrom.getTime() === h.createdAt.getTime()).map((h) => h.name);
  return hosts.map((h) => {
    if (h.fault === 'dead') return h;
    const want = h.quirks.has('many_peers') ? 140 : prng.int(Math.max(1, perHost - 4), perHost + 4);
    const others = sampleOthers(prng, hosts, h, want);
    const peers = buildPeerList(prng, h.software, others, prng.int(1, 6));
    if (h.name === seeds[0]) {
      for (const n of newNames) if (!others.some((o) => o.name === n)) peers.push(plainEntry(n));
    }
    return { ...h, peers };
  });
}

/** `want` distinct hosts other than `self`, by rejection sampling (the catalogue can hold thousands). */
function sampleOthers(prng: Prng, hosts: readonly SimHost[], self: SimHost, want: number): SimHost[] {
  const n = Math.min(want, hosts.length - 1);
  const picked = new Set<number>();
  while (picked.size < n) {
    const i = prng.int(0, hosts.length - 1);
    if (hosts[i] !== self) picked.add(i);
  }
  return [...picked].map((i) => hosts[i] as SimHost);
}

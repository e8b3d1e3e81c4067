// A simulated Lemmy network replayed from a real crawl (sim/data/lemmy-crawl-2023-09-27.json): one
// host per entry serving NodeInfo and /api/v3/site with that entry's users, linked by federated_instances so
// that a crawl from one seed discovers all of them. Its ground truth is the crawl's own published total.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SimCatalogue, SimHost } from './model.ts';
import { indexHosts } from './model.ts';
import { createPrng } from './prng.ts';
import { plainEntry } from './peers.ts';
import { DAY_MS } from './figures.ts';
import { DEFAULT_START } from './catalogue.ts';
import { publicNameProblem } from './public-name.ts';

export const LEMMY_CRAWL_PATH = path.join(
  path.dirname(fileURLToPath(import.meta.url)), 'data', 'lemmy-crawl-2023-09-27.json',
);

/** The file's shape (lemmy-stats-crawler output with personal fields dropped). */
export interface LemmyCrawlFile {
  readonly source: string;
  readonly published_totals: {
    readonly crawled_instances: number;
    readonly total_users: number;
    readonly users_active_month: number;
    readonly users_active_halfyear: number;
  };
  readonly instances: readonly {
    readonly domain: string;
    readonly software: string;
    readonly version: string;
    readonly open_registrations: boolean;
    readonly users: number;
    readonly communities: number;
  }[];
}

export interface LemmyReplay {
  readonly catalogue: SimCatalogue;
  /** The one seed a crawl starts from (the largest server, as a real crawl would). */
  readonly seed: string;
  readonly published: LemmyCrawlFile['published_totals'];
  /** Domains in the file that are not valid public DNS names, with why (served anyway, as listed). */
  readonly invalidNames: readonly { readonly domain: string; readonly problem: string }[];
}

export function loadLemmyCrawl(file: string = LEMMY_CRAWL_PATH): LemmyCrawlFile {
  return JSON.parse(readFileSync(file, 'utf8')) as LemmyCrawlFile;
}

export function buildLemmyReplay(
  data: LemmyCrawlFile = loadLemmyCrawl(),
  options: { readonly start?: Date; readonly seed?: number; readonly peersPerHost?: number } = {},
): LemmyReplay {
  const start = options.start ?? DEFAULT_START;
  const prng = createPrng(options.seed ?? 2023_09_27);
  const names = data.instances.map((i) => i.domain.trim().toLowerCase());
  const perHost = Math.min(options.peersPerHost ?? 10, names.length - 1);
  const hosts: SimHost[] = data.instances.map((entry, i) => {
    // A ring guarantees one seed reaches everyone; random extra links make the graph look federated.
    const linked = new Set<string>();
    if (names.length > 1) linked.add(names[(i + 1) % names.length] as string);
    while (linked.size < perHost) {
      const other = names[prng.int(0, names.length - 1)] as string;
      if (other !== names[i]) linked.add(other);
    }
    return {
      name: names[i] as string,
      software: 'lemmy',
      version: entry.version,
      fault: 'none',
      quirks: new Set(),
      createdAt: new Date(start.getTime() - 365 * DAY_MS),
      growthFrom: start,
      // The crawl published users only; what it did not record is sent as null rather than invented.
      base: { usersTotal: entry.users, usersActiveMonth: null, usersActiveHalfyear: null, localPosts: null },
      growthPerDay: 0,
      openRegistrations: entry.open_registrations,
      peers: [...linked].map(plainEntry),
    };
  });
  const invalidNames = names.flatMap((domain) => {
    const problem = publicNameProblem(domain);
    return problem ? [{ domain, problem }] : [];
  });
  const largest = data.instances.reduce((a, b) => (b.users > a.users ? b : a));
  return {
    catalogue: { seed: options.seed ?? 2023_09_27, start, hosts, byName: indexHosts(hosts), seeds: [largest.domain.toLowerCase()] },
    seed: largest.domain.toLowerCase(),
    published: data.published_totals,
    invalidNames,
  };
}

// A census crawled from the simulated fediverse over several days, published, and built into a site: the
// same path `npm run demo` takes, so the browser tests check the numbers a real crawl leaves.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { publishCensus } from '../../api/publish/publish.ts';
import { runCrawl } from '../../crawler/run.ts';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { startSimFediverse } from '../../sim/server.ts';

/** Weekly crawls, so weekly joins and the checker's spans have several weeks to cover. */
export const CRAWL_DAYS = ['2026-03-02', '2026-03-09', '2026-03-16'] as const;

export interface CrawledCensus {
  readonly dbPath: string;
  readonly publishDir: string;
}

/** Crawls a small simulated fediverse on CRAWL_DAYS into `dir`/census.duckdb and publishes the result. */
export async function crawlSimCensus(dir: string, hosts = 70): Promise<CrawledCensus> {
  const dbPath = path.join(dir, 'census.duckdb');
  const publishDir = path.join(dir, 'published');
  const excludeFile = path.join(dir, 'exclude.txt');
  await writeFile(excludeFile, '');
  const catalogue = generateCatalogue({ seed: 7, aliveCount: hosts, deadCount: Math.round(hosts / 5) });
  const sim = await startSimFediverse({ catalogue, slowDelayMs: 50 });
  const quiet = { write: () => true };
  try {
    for (const day of CRAWL_DAYS) {
      const now = new Date(`${day}T03:00:00Z`);
      sim.setNow(new Date(`${day}T00:00:00Z`));
      await runCrawl(
        {
          db: dbPath,
          day,
          seeds: catalogue.seeds,
          seedsFile: '-',
          excludeFile,
          concurrency: 32,
          timeoutMs: 2000,
          connectTo: [sim.connectTo],
          progressIntervalMs: 3_600_000,
        },
        { stderr: quiet, now: () => now },
      );
    }
  } finally {
    await sim.close();
  }
  await publishCensus({ dbPath, publishDir, now: new Date(`${CRAWL_DAYS[CRAWL_DAYS.length - 1]}T04:00:00Z`) });
  return { dbPath, publishDir };
}

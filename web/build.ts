// `fedicensus build-site`: the static site, written whole into a temp directory beside the output and moved
// into place, so a host serving web/dist never shows half a build. The census is opened READ-ONLY and
// asked through the API's query functions only (collect.ts); nothing here computes a figure.
import { copyFile, link, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openReadOnlyDb, type Db } from '../api/db.ts';
import { toCsv } from '../core/csv.ts';
import { serverRecord } from '../api/metrics/index.ts';
import { writeDirAtomically } from '../api/publish/atomic-dir.ts';
import { readVersion, servableFiles, type PublishedVersion } from '../api/publish/catalog.ts';
import { defaultPublishDir, readCurrent } from '../api/publish/current.ts';
import { DATA_DIR, DATA_PAGE } from '../api/publish/public-url.ts';
import { bundleClient } from './bundle.ts';
import { collectSite, type SiteData } from './collect.ts';
import { collectHistory, historyFile, type HistoryData } from './history.ts';
import { claimPage } from './pages/claim.ts';
import { HISTORY_FIGURES, historyCharts, sourcesSection } from './pages/history.ts';
import { referenceSection } from './pages/reference-check.ts';
import { checkFile, checkPage, CHECK_FIGURES } from './pages/check.ts';
import { dataPage } from './pages/data.ts';
import { embedPage, redirectPage } from './pages/layout.ts';
import { methodologyPage } from './pages/methodology.ts';
import { overviewCharts, overviewPage, OVERVIEW_FIGURES } from './pages/overview.ts';
import { serverCharts, serverFigures, serverPage } from './pages/server.ts';
import { softwareCharts, softwareFigures, softwareIndexPage, softwarePage } from './pages/software.ts';
import { serverSlug } from './slug.ts';
import { SiteWriter } from './write.ts';
import { formatDateTime } from '../core/time.ts';

export interface BuildSiteOptions {
  readonly dbPath: string;
  readonly outDir: string;
  /** The build time, recorded in build.json. */
  readonly now: Date;
  /** Published datasets to copy beside the site; default `published/` beside the census; null for none. */
  readonly publishDir?: string | null;
  /** The site's public root URL (api/publish/public-url.ts), for absolute URLs in the data page's JSON-LD. */
  readonly siteUrl?: string | null;
  /** Default docs/methodology.md of this checkout. */
  readonly methodologyPath?: string;
  /** Progress lines for a person (server pages can number tens of thousands). */
  readonly log?: (line: string) => void;
}

export interface BuildSiteResult {
  readonly outDir: string;
  readonly dataAsOf: string | null;
  readonly software: number;
  readonly servers: number;
  readonly files: number;
  readonly bytes: number;
  readonly datasetsVersion: string | null;
}

const METHODOLOGY = fileURLToPath(new URL('../docs/methodology.md', import.meta.url));
const STYLE = fileURLToPath(new URL('./style.css', import.meta.url));

export async function buildSite(options: BuildSiteOptions): Promise<BuildSiteResult> {
  const log = options.log ?? (() => undefined);
  const publishDir = options.publishDir === undefined ? path.resolve(defaultPublishDir(options.dbPath)) : options.publishDir;
  const [script, style, methodology, published] = await Promise.all([
    bundleClient(),
    readFile(STYLE, 'utf8'),
    readFile(options.methodologyPath ?? METHODOLOGY, 'utf8').catch(() => null),
    publishDir ? currentVersion(publishDir) : Promise.resolve(null),
  ]);
  return writeDirAtomically(options.outDir, (dir) =>
    withReadOnlyDb(options.dbPath, async (db) => {
      const out = new SiteWriter(dir);
      const data = await collectSite(db);
      const history = await collectHistory(db);
      log(`census as of ${data.dataAsOf ?? 'never'}: ${data.software.length} software, ${data.listings.length} servers`);
      await out.write('app.js', script);
      await out.write('style.css', style);
      await writeSummaryPages(out, data, methodology, published, options.siteUrl ?? null, history);
      const servers = await writeServerPages(out, db, data, log);
      if (published) await copyDatasets(published, dir, log);
      await out.write('build.json', JSON.stringify({ builtAt: formatDateTime(options.now), dataAsOf: data.dataAsOf }));
      return {
        outDir: options.outDir,
        dataAsOf: data.dataAsOf,
        software: data.software.length,
        servers,
        files: out.stats.files,
        bytes: out.stats.bytes,
        datasetsVersion: published?.version ?? null,
      };
    }),
  );
}

async function writeSummaryPages(
  out: SiteWriter,
  data: SiteData,
  methodology: string | null,
  published: PublishedVersion | null,
  siteUrl: string | null,
  history: HistoryData | null,
): Promise<void> {
  // With a history from other sources (web/history.ts), its charts lead the overview; the per-day sum of users
  // is left out there, because a source whose coverage shrinks would draw it as a fall in users.
  const overview = history ? [...historyCharts(history), ...overviewCharts(data).filter((c) => c.id !== 'users')] : overviewCharts(data);
  await out.writeFigures(OVERVIEW_FIGURES, overview, data.dataAsOf);
  await out.write('index.html', overviewPage(data, overview, history ? sourcesSection(history) : undefined));
  if (history) {
    await out.write(HISTORY_FIGURES, JSON.stringify(historyFile(history, data)));
    await out.write('claim.html', claimPage(data));
  }
  await out.write('embed.html', embedPage());
  await out.write(CHECK_FIGURES, JSON.stringify(checkFile(data)));
  await out.write('check.html', checkPage(data, history?.reference ? referenceSection() : undefined));
  await out.write('methodology.html', methodologyPage(data, methodology));
  await out.write(DATA_PAGE, dataPage(data, published, siteUrl));
  // A static host answers /data/ with this; `fedicensus serve` redirects /data/ itself (api/routes/data.ts).
  await out.write(`${DATA_DIR}/index.html`, redirectPage(`../${DATA_PAGE}`));
  await out.write('software/index.html', softwareIndexPage(data));
  for (const s of data.software) {
    const charts = softwareCharts(data, s);
    await out.writeFigures(softwareFigures(s), charts, data.dataAsOf);
    await out.write(`figures/software/${s.slug}-servers.csv`, toCsv(LISTING_COLUMNS, s.listings, { forSpreadsheets: true }));
    await out.write(`software/${s.slug}.html`, softwarePage(data, s, charts));
  }
}

const LISTING_COLUMNS = ['domain', 'software', 'version', 'day', 'users_total', 'users_active_month', 'local_posts', 'first_seen', 'first_seen_ok', 'created_at'];

/** One page per server seen ok; records are read one at a time so memory stays flat however many there are. */
async function writeServerPages(out: SiteWriter, db: Db, data: SiteData, log: (line: string) => void): Promise<number> {
  let written = 0;
  for (const listing of data.listings) {
    const slug = serverSlug(listing.domain);
    if (!slug) continue;
    const record = await serverRecord(db, listing.domain);
    if (!record) continue;
    const charts = serverCharts(record, slug, data.methodChanges);
    await out.writeFigures(serverFigures(slug), charts, data.dataAsOf);
    await out.write(`servers/${slug}.html`, serverPage(record, slug, charts, data.dataAsOf));
    if (++written % 5000 === 0) log(`${written} of ${data.listings.length} server pages`);
  }
  return written;
}

async function currentVersion(publishDir: string): Promise<PublishedVersion | null> {
  const current = await readCurrent(publishDir).catch(() => null);
  return current ? readVersion(publishDir, current.version) : null;
}

/**
 * The current datasets under data/<version>/ and again under data/latest/ (a static host cannot redirect, so
 * "latest" holds the same files): hard links where the file system allows (no extra space).
 */
async function copyDatasets(version: PublishedVersion, dir: string, log: (line: string) => void): Promise<void> {
  for (const folder of [version.version, 'latest']) {
    for (const name of servableFiles(version)) {
      const from = path.join(version.datasetsDir, name);
      const to = path.join(dir, DATA_DIR, folder, name);
      await mkdir(path.dirname(to), { recursive: true });
      await link(from, to).catch(() => copyFile(from, to));
    }
  }
  log(`datasets of version ${version.version} copied to ${DATA_DIR}/${version.version}/ and ${DATA_DIR}/latest/`);
}

/**
 * Opens the census, or a published version (its Parquet files behind views), read-only with one connection:
 * the build reads one thing at a time.
 */
async function withReadOnlyDb<T>(dbPath: string, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openReadOnlyDb(dbPath, 1);
  try {
    return await work(db);
  } finally {
    db.close();
  }
}

// `fedicensus nightly`: the operator's one scheduled command. Crawl (under the census lock), judge whether
// the run saw the fediverse, then publish the datasets and the API's snapshot and rebuild the site. Writes
// a run report. Exit 0 done; 1 could not run (lock held, database unusable, disk full); 3 the day reached
// far fewer servers than the previous day, so nothing was published.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from '../command.ts';
import { crawlAndReport, crawlOptions, crawlSettingsFrom, crawlUsage, publishAndReport } from './crawl.ts';
import { DEFAULT_SITE_DIR } from './build-site.ts';
import { siteUrlFrom } from './public-url.ts';
import { judgeReach } from '../../crawler/reach-check.ts';
import { asDiskFull } from '../../crawler/store/disk-full.ts';

export const EXIT_NOT_PUBLISHED = 3;

export const nightlyCommand: Command = {
  summary: 'crawl, then publish the datasets and the API snapshot and rebuild the site (for cron/systemd)',
  usage: `${crawlUsage.replace('Usage: fedicensus crawl [flags]', 'Usage: fedicensus nightly [flags]')}
  --site-dir DIR         where to build the static site (default ${DEFAULT_SITE_DIR})

Every crawl flag applies. Exit codes: 0 done; 1 could not run (lock held, database unusable, disk
full); 3 this day reached far fewer servers than the previous day, so nothing was published. A rerun
after an interruption (kill, full disk) resumes the day and judges all of it.
A report of each run is written to reports/ beside --db.`,
  options: { ...crawlOptions, 'site-dir': { type: 'string' } },
  async run(values, io) {
    const settings = crawlSettingsFrom(values, io.now());
    const siteDir = (values['site-dir'] as string | undefined) ?? DEFAULT_SITE_DIR;
    const siteUrl = siteUrlFrom(io); // checked before the crawl, used by the publication and the site
    const summary = await crawlAndReport(settings, io);
    // The whole day, not this run: a rerun after an interruption only crawls what the day still lacked.
    const verdict = judgeReach(summary.dayReach, summary.previousDay);
    const report: Record<string, unknown> = { summary, published: null, site: null, verdict };
    let code = 0;
    if (!verdict.publish) {
      io.stderr.write(`fedicensus nightly: not published: ${verdict.why}\n`);
      code = EXIT_NOT_PUBLISHED;
    } else if (settings.publish) {
      const published = await publishAndReport(settings.db, settings.publishDir, io);
      const { buildSite } = await import('../../web/build.ts');
      // From the version just published: the same data as the census, with the weekly rows already stored,
      // so the build does not repeat the pass over the whole history (about a minute at five years).
      const site = await buildSite({
        dbPath: path.join(published.publishDir, published.current.database),
        outDir: siteDir,
        now: io.now(),
        publishDir: published.publishDir,
        siteUrl,
      }).catch((err: unknown) => {
        throw asDiskFull(err, siteDir);
      });
      io.stdout.write(`site written to ${site.outDir}: data as of ${site.dataAsOf}, ${site.servers} server pages\n`);
      report.published = published.version;
      report.site = site;
    }
    const reports = path.join(path.dirname(path.resolve(settings.db)), 'reports');
    await mkdir(reports, { recursive: true });
    const file = path.join(reports, `${summary.day}-run${summary.runId}.json`);
    await writeFile(file, JSON.stringify(report, null, 2) + '\n');
    io.stdout.write(`report: ${file}\n`);
    return code;
  },
};

import { z } from 'zod';
import type { Command } from '../command.ts';
import { parseSettings } from '../config.ts';
import { DEFAULT_DB } from './crawl.ts';
import { siteUrlFrom } from './public-url.ts';

export const DEFAULT_SITE_DIR = 'web/dist';

// Kept beside the command (scripts/config.ts belongs to the CLI's owner): the same zod parsing, same messages.
const buildSiteSchema = z.object({
  db: z.string().min(1),
  out: z.string().min(1),
  publishDir: z.string().min(1).optional(),
});

export const buildSiteCommand: Command = {
  summary: 'build the static statistics site (pages, charts, data files) from the census',
  usage: `Usage: fedicensus build-site [--db PATH] [--out DIR] [--publish-dir DIR]

  --db PATH          census database (default ${DEFAULT_DB}); opened read-only
  --out DIR          where to write the site (default ${DEFAULT_SITE_DIR}); replaced whole at the end, so a
                     server never shows half a build. Serve it from any static host, or with fedicensus serve
  --publish-dir DIR  published datasets to offer for download (default: published/ beside --db); the current
                     version's files are linked (or copied) under DIR/data/<version>/ and DIR/data/latest/

Environment: FEDICENSUS_PUBLIC_URL  the site's address (e.g. https://census.example/), for the data page's
                     JSON-LD; without it, its links are relative to the page`,
  options: { db: { type: 'string' }, out: { type: 'string' }, 'publish-dir': { type: 'string' } },
  async run(values, io) {
    const settings = parseSettings(buildSiteSchema, {
      db: values.db ?? DEFAULT_DB,
      out: values.out ?? DEFAULT_SITE_DIR,
      publishDir: values['publish-dir'],
    });
    const started = io.now().getTime();
    const { buildSite } = await import('../../web/build.ts');
    const result = await buildSite({
      dbPath: settings.db,
      outDir: settings.out,
      now: io.now(),
      publishDir: settings.publishDir,
      siteUrl: siteUrlFrom(io),
      log: (line) => io.stderr.write(`${line}\n`),
    });
    const seconds = ((io.now().getTime() - started) / 1000).toFixed(1);
    io.stdout.write(
      `site written to ${result.outDir} in ${seconds} s: data as of ${result.dataAsOf ?? 'no data yet'}, ` +
        `${result.software} software pages, ${result.servers} server pages, ${result.files} files ` +
        `(${(result.bytes / 1e6).toFixed(1)} MB)${result.datasetsVersion ? `, datasets ${result.datasetsVersion}` : ''}\n`,
    );
    return 0;
  },
};

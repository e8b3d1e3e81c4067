import type { Command } from '../command.ts';
import { parseSettings, publishSchema } from '../config.ts';
import { DEFAULT_DB, publishAndReport } from './crawl.ts';

export const publishCommand: Command = {
  summary: 'publish a versioned snapshot and datasets for the API (crawl does this at its end)',
  usage: `Usage: fedicensus publish [--db PATH] [--publish-dir DIR]

  --db PATH          census database (default ${DEFAULT_DB}); must not be open in a crawl
  --publish-dir DIR  where versions and current.json live (default: published/ beside --db)`,
  options: { db: { type: 'string' }, 'publish-dir': { type: 'string' } },
  async run(values, io) {
    const settings = parseSettings(publishSchema, { db: values.db ?? DEFAULT_DB, publishDir: values['publish-dir'] });
    await publishAndReport(settings.db, settings.publishDir, io);
    return 0;
  },
};

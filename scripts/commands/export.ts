import type { Command } from '../command.ts';
import { exportSchema, parseSettings } from '../config.ts';
import { DEFAULT_DB } from './crawl.ts';

export const exportCommand: Command = {
  summary: 'write the census as CSV and/or Parquet with a data dictionary and checksums',
  usage: `Usage: fedicensus export --out DIR [--db PATH] [--format csv|parquet|both]

  --db PATH        census database (default ${DEFAULT_DB}); opened read-only
  --out DIR        where to write servers, snapshots and weekly_activity, the data dictionary,
                   LICENSE, CITATION.cff, manifest.json and SHA256SUMS (replaced atomically)
  --format F       csv, parquet or both (default both)`,
  options: { db: { type: 'string' }, out: { type: 'string' }, format: { type: 'string' } },
  async run(values, io) {
    const settings = parseSettings(exportSchema, {
      db: values.db ?? DEFAULT_DB,
      out: values.out,
      format: values.format ?? 'both',
    });
    const { exportCensus, formatExportSummary } = await import('../../api/publish/export.ts');
    const result = await exportCensus({ dbPath: settings.db, outDir: settings.out, format: settings.format, now: io.now() });
    io.stdout.write(formatExportSummary(result) + '\n');
    return 0;
  },
};

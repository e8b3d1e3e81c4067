import { readFile } from 'node:fs/promises';
import type { Command } from '../command.ts';
import { importSchema, parseSettings, UsageError } from '../config.ts';
import { DEFAULT_DB } from './crawl.ts';

export const importCommand: Command = {
  summary: 'import files from other sources (zegl/mastodon-stats, Mastodon statistics) into the census',
  usage: `Usage: fedicensus import [--db PATH] FILE...

Reads each FILE (gzipped or not), tells its format from its content and writes it into the census under its
source, with that source's provenance (docs/import.md). All files are checked before anything is written and
written in one transaction: a malformed file is rejected with the reason and nothing changes. Importing a
file again changes nothing.

Formats: zegl-crawl-jsonl (the day comes from the file name, e.g. servers-2022-11-27.jsonl), zegl-daily-csv,
joinmastodon-statistics-json.

  --db PATH   census database (default ${DEFAULT_DB}); must not be open in a crawl`,
  options: { db: { type: 'string' } },
  positionals: true,
  async run(values, io, positionals) {
    const settings = parseSettings(importSchema, { db: values.db ?? DEFAULT_DB, files: positionals });
    const inputs = [];
    for (const file of settings.files) {
      let bytes: Uint8Array;
      try {
        bytes = await readFile(file);
      } catch (err) {
        throw new UsageError(`FILE ${file}: cannot read it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
      }
      inputs.push({ name: file, bytes });
    }
    const { importFiles } = await import('../../crawler/import/import.ts');
    const { ImportFormatError } = await import('../../crawler/import/types.ts');
    const { openCensusForWriting } = await import('../../crawler/store/db.ts');
    const db = await openCensusForWriting(settings.db);
    try {
      const outcomes = await importFiles(db.connection, inputs, io.now());
      for (const o of outcomes) {
        const span = o.firstDay === o.lastDay ? o.firstDay : `${o.firstDay}..${o.lastDay}`;
        const what = o.status === 'unchanged' ? 'already imported, nothing changed' : `${o.records} records written${o.skipped ? `, ${o.skipped} left to another source` : ''}`;
        io.stdout.write(`${o.file}: ${o.format} from ${o.source}, ${span}: ${what}\n`);
        for (const note of o.notes) io.stdout.write(`  note: ${note}\n`);
      }
      return 0;
    } catch (err) {
      if (err instanceof ImportFormatError) {
        io.stderr.write(`fedicensus import: ${err.message}\nNothing was written.\n`);
        return 1;
      }
      throw err;
    } finally {
      db.close();
    }
  },
};

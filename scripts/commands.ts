// The command table. Each command lives in scripts/commands/<name>.ts with its flags, usage text and run.
import type { Command } from './command.ts';
import { buildSiteCommand } from './commands/build-site.ts';
import { crawlCommand } from './commands/crawl.ts';
import { exportCommand } from './commands/export.ts';
import { importCommand } from './commands/import.ts';
import { publishCommand } from './commands/publish.ts';
import { serveCommand } from './commands/serve.ts';
import { nightlyCommand } from './commands/nightly.ts';

export const COMMANDS: Readonly<Record<string, Command>> = {
  'build-site': buildSiteCommand,
  crawl: crawlCommand,
  nightly: nightlyCommand,
  export: exportCommand,
  import: importCommand,
  publish: publishCommand,
  serve: serveCommand,
};

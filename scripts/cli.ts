// The `fedicensus` command: parses flags, checks them (scripts/config.ts), and hands plain settings and
// real side effects (clock, terminal, database, network) to the command that does the work.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './config.ts';
import type { Command, Io } from './command.ts';
import { COMMANDS } from './commands.ts';
import { configureDuckDb, defaultMemoryLimit, parseMemoryLimit } from '../core/duckdb-resources.ts';

// Flags every command takes. DuckDB's own default memory limit is 80% of RAM; a nightly must not take that.
const COMMON_FLAGS = `Every command:
  --memory-limit SIZE    memory DuckDB may use before spilling to disk, e.g. 512MB, 2GB (default ${defaultMemoryLimit()}:
                         320MiB or a quarter of this machine's RAM, whichever is smaller)`;

const USAGE = `fedicensus: an open census of the fediverse

Usage: fedicensus <command> [flags]     fedicensus <command> --help

Commands:
${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

${COMMON_FLAGS}

Exit codes: 0 done, 1 failed to run, 2 bad command line.`;

const processIo: Io = { stdout: process.stdout, stderr: process.stderr, env: process.env, now: () => new Date() };

export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE + '\n');
    return name ? 0 : 2;
  }
  if (name === '--version') {
    const { readPackageVersion } = await import('../crawler/net/user-agent.ts');
    io.stdout.write(`${readPackageVersion()}\n`);
    return 0;
  }
  const command: Command | undefined = COMMANDS[name];
  if (!command) {
    io.stderr.write(`fedicensus: unknown command '${name}'\n\n${USAGE}\n`);
    return 2;
  }
  let values: Record<string, unknown>;
  let positionals: string[];
  try {
    const options = { ...command.options, help: { type: 'boolean' }, 'memory-limit': { type: 'string' } };
    const parsed = parseArgs({ args: [...rest], options, strict: true, allowPositionals: command.positionals === true } as ParseArgsConfig);
    values = parsed.values as Record<string, unknown>;
    positionals = parsed.positionals;
  } catch (err) {
    io.stderr.write(`fedicensus ${name}: ${cleanParseError((err as Error).message)}\n\n${command.usage}\n\n${COMMON_FLAGS}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${command.usage}\n\n${COMMON_FLAGS}\n`);
    return 0;
  }
  if (values['memory-limit'] !== undefined) {
    const limit = parseMemoryLimit(String(values['memory-limit']));
    if (!limit) {
      io.stderr.write(`fedicensus ${name}: --memory-limit: expected a size of at least 64MB such as 512MB or 2GB (got ${JSON.stringify(values['memory-limit'])})\n`);
      return 2;
    }
    configureDuckDb({ memoryLimit: limit });
  }
  try {
    return await command.run(values, io, positionals);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr.write(`fedicensus ${name}: ${err.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`fedicensus ${name}: ${(err as Error).message}\n`);
    if (io.env.FEDICENSUS_DEBUG) io.stderr.write(`${(err as Error).stack}\n`);
    return 1;
  }
}

/** node:util's messages mention internals ("To specify a positional argument..."); keep the part naming the flag. */
function cleanParseError(message: string): string {
  return message.split('. To specify')[0]!.replace(/^TypeError \[[A-Z_]+\]: /, '');
}

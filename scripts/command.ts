// What a command is and what it is given, apart from the command table (scripts/commands.ts) and the
// dispatcher (scripts/cli.ts), so that neither they nor the commands import each other in a circle.
import type { ParseArgsConfig } from 'node:util';

/** The side effects a command may use: the terminal, the environment, the clock. */
export interface Io {
  readonly stdout: NodeJS.WritableStream & { isTTY?: boolean };
  readonly stderr: NodeJS.WritableStream & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
  readonly now: () => Date;
}

export interface Command {
  readonly summary: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  /** True when the command takes arguments besides its flags (import's FILE...). */
  readonly positionals?: boolean;
  run(values: Record<string, unknown>, io: Io, positionals: readonly string[]): Promise<number>;
}

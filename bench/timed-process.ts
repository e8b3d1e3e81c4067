// A command in its own process under `/usr/bin/time -v`: wall time, CPU time and peak RSS, as the
// benchmarks report them (bench/crawl/run.ts, bench/publish/run.ts). Peak RSS is time's "Maximum resident set
// size": the largest single process of the tree, not a sum.
import { spawn } from 'node:child_process';

export interface TimedRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallS: number;
  readonly cpuS: number;
  readonly peakMb: number;
}

/** A number after `label:` in a report (time's on stderr, a command's summary on stdout). */
export function reportField(text: string, label: string): number {
  return Number(new RegExp(`${label}: +([\\d.:]+)`).exec(text)?.[1] ?? NaN);
}

/** Runs `command args` under /usr/bin/time -v and waits for it. */
export async function runTimed(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<TimedRun> {
  const started = process.hrtime.bigint();
  const child = spawn('/usr/bin/time', ['-v', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c));
  child.stderr.on('data', (c: Buffer) => (stderr += c));
  const code: number = await new Promise((resolve) => child.on('close', (c) => resolve(c ?? 1)));
  const wallS = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    code,
    stdout,
    stderr,
    wallS,
    cpuS: reportField(stderr, 'User time \\(seconds\\)') + reportField(stderr, 'System time \\(seconds\\)'),
    peakMb: reportField(stderr, 'Maximum resident set size \\(kbytes\\)') / 1024,
  };
}

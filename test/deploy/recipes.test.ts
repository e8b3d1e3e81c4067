// The shipped recipes must stay runnable: the command lines they hold parse with today's flags, and the
// timer keeps the properties operators rely on.
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../scripts/commands.ts';

function fedicensusArgs(line: string): string[] {
  const match = /npx (?:--no-install )?fedicensus (.*)$/.exec(line);
  expect(match, line).not.toBeNull();
  const words = match![1]!.split(/\s+/);
  const end = words.findIndex((w) => w === '>>' || w === '2>&1' || w === '|');
  return end === -1 ? words.filter(Boolean) : words.slice(0, end);
}

function assertParses(args: string[]) {
  const [command, ...flags] = args;
  expect(Object.keys(COMMANDS)).toContain(command);
  expect(() => parseArgs({ args: flags, options: COMMANDS[command!]!.options, strict: true })).not.toThrow();
}

describe('deployment recipes', () => {
  it('the systemd service runs a valid nightly command; the timer is persistent and jittered', async () => {
    const service = await readFile('deploy/systemd/fedicensus-nightly.service', 'utf8');
    const exec = service.split('\n').find((l) => l.startsWith('ExecStart='))!;
    assertParses(fedicensusArgs(exec));
    const timer = await readFile('deploy/systemd/fedicensus-nightly.timer', 'utf8');
    expect(timer).toMatch(/^Persistent=true$/m);
    expect(timer).toMatch(/^RandomizedDelaySec=\S+$/m);
  });

  it('the cron line runs a valid nightly command', async () => {
    const cron = await readFile('deploy/cron/fedicensus.cron', 'utf8');
    const line = cron.split('\n').find((l) => !l.startsWith('#') && l.includes('fedicensus nightly'))!;
    assertParses(fedicensusArgs(line));
  });

  it('the site workflow runs a valid build-site command', async () => {
    const workflow = await readFile('.github/workflows/site.yml', 'utf8');
    const line = workflow.split('\n').find((l) => l.includes('fedicensus build-site'))!;
    assertParses(fedicensusArgs(line));
  });
});

// The command line as an operator meets it: every command has --help, and a bad or missing argument exits 2
// with a message naming the flag, before anything is touched.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../scripts/cli.ts';
import { COMMANDS } from '../../scripts/commands.ts';

const execFileAsync = promisify(execFile);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'fedicensus-cli-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: Object.assign(new (await import('node:stream')).Writable({ write(c, _e, cb) { stdout += c; cb(); } })),
    stderr: Object.assign(new (await import('node:stream')).Writable({ write(c, _e, cb) { stderr += c; cb(); } })),
    env: {},
    now: () => new Date('2026-11-26T03:00:00Z'),
  });
  return { code, stdout, stderr };
}

describe('fedicensus', () => {
  it('runs as an installed bin (npx fedicensus) and prints its version', async () => {
    const { stdout } = await execFileAsync('npx', ['fedicensus', '--version']);
    expect(stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('prints usage and exits 2 without a command; 0 with --help', async () => {
    expect((await cli()).code).toBe(2);
    const help = await cli('--help');
    expect(help.code).toBe(0);
    for (const name of Object.keys(COMMANDS)) expect(help.stdout).toContain(name);
  });

  it.each(Object.keys(COMMANDS))('%s --help describes every flag', async (name) => {
    const { code, stdout } = await cli(name, '--help');
    expect(code).toBe(0);
    const options = Object.keys(COMMANDS[name]!.options);
    for (const option of options) expect(stdout, option).toContain(`--${option}`);
  });

  it('exits 2 on an unknown command', async () => {
    const r = await cli('crawll');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("unknown command 'crawll'");
  });

  it.each([
    [['crawl', '--bogus'], '--bogus'],
    [['crawl', '--day', '2026-13-01'], '--day'],
    [['crawl', '--day', 'yesterday'], '--day'],
    [['crawl', '--concurrency', '0'], '--concurrency'],
    [['crawl', '--concurrency', 'many'], '--concurrency'],
    [['crawl', '--timeout-ms', '-5'], '--timeout-ms'],
    [['crawl', '--connect-to', 'a:b'], '--connect-to'],
    [['crawl', '--day'], '--day'],
    [['export'], '--out'],
    [['export', '--out', 'x', '--format', 'xlsx'], '--format'],
    [['serve', '--port', '70000'], '--port'],
    [['serve', '--answer-cache-mb', 'lots'], '--answer-cache-mb'],
  ])('%j exits 2 naming %s, and writes nothing', async (argv, flag) => {
    const db = path.join(dir, 'never.duckdb');
    const r = await cli(...argv, ...(argv.includes('--day') && argv.length === 2 ? [] : ['--db', db]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(flag);
    await expect(stat(db)).rejects.toThrow();
  });
});

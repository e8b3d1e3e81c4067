// The crawl command's own pieces (the command end to end: test/scripts/cli.test.ts and nightly.test.ts).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { crawlAndReport, withoutSourceMaps } from '../../../scripts/commands/crawl.ts';

// The crawl itself is not under test here: what it sees of the process is.
const seenByCrawl = vi.hoisted(() => ({ sourceMaps: undefined as boolean | undefined }));
vi.mock('../../../crawler/run.ts', () => ({
  ConnectToError: class extends Error {},
  formatSummary: () => 'summary',
  runCrawl: async () => {
    seenByCrawl.sourceMaps = process.sourceMapsEnabled;
    return {};
  },
}));

const before = process.sourceMapsEnabled;
afterEach(() => process.setSourceMapsEnabled(before));

describe('crawlAndReport', () => {
  it('crawls with source-mapped stacks off and turns them back on after', async () => {
    process.setSourceMapsEnabled(true);
    let out = '';
    const io = { stdout: { write: (t: string) => (out += t) }, stderr: { write: () => true }, env: {}, now: () => new Date() };
    await crawlAndReport({} as Parameters<typeof crawlAndReport>[0], io as unknown as Parameters<typeof crawlAndReport>[1]);
    expect(seenByCrawl.sourceMaps).toBe(false);
    expect(process.sourceMapsEnabled).toBe(true);
    expect(out).toBe('summary\n');
  });
});

describe('withoutSourceMaps', () => {
  it('turns source-mapped stacks off while the task runs and back on after it', async () => {
    process.setSourceMapsEnabled(true);
    const seen = await withoutSourceMaps(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      return process.sourceMapsEnabled;
    });
    expect(seen).toBe(false);
    expect(process.sourceMapsEnabled).toBe(true);
  });

  it('restores the setting when the task fails, and passes the failure on', async () => {
    process.setSourceMapsEnabled(true);
    await expect(withoutSourceMaps(async () => Promise.reject(new Error('disk full')))).rejects.toThrow('disk full');
    expect(process.sourceMapsEnabled).toBe(true);
  });

  it('leaves them off when they were off', async () => {
    process.setSourceMapsEnabled(false);
    await withoutSourceMaps(async () => undefined);
    expect(process.sourceMapsEnabled).toBe(false);
  });
});

describe('fedicensus crawl and FEDICENSUS_PUBLIC_URL', () => {
  it('refuses a malformed site URL before crawling (exit 2, naming the variable), not after', async () => {
    const { main } = await import('../../../scripts/cli.ts');
    seenByCrawl.sourceMaps = undefined;
    let err = '';
    const io = {
      stdout: { write: () => true },
      stderr: { write: (t: string) => ((err += t), true) },
      env: { FEDICENSUS_PUBLIC_URL: 'census.example' },
      now: () => new Date('2026-11-26T03:00:00Z'),
    };
    expect(await main(['crawl', '--db', '/nonexistent/census.duckdb'], io as never)).toBe(2);
    expect(err).toContain('FEDICENSUS_PUBLIC_URL');
    expect(seenByCrawl.sourceMaps).toBeUndefined(); // runCrawl never ran
  });
});

// The crawl command's own pieces (the command end to end: test/scripts/cli.test.ts and nightly.test.ts).
import { afterEach, describe, expect, it } from 'vitest';
import { withoutSourceMaps } from '../../../scripts/commands/crawl.ts';

const before = process.sourceMapsEnabled;
afterEach(() => process.setSourceMapsEnabled(before));

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

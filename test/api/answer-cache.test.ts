// The answer cache keeps bytes within its budget, least recently used out first (issue #12).
import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../api/answer-cache.ts';

const bytes = (n: number) => Buffer.alloc(n);
const size = (b: Buffer) => b.length;

describe('AnswerCache', () => {
  it('never holds more bytes than its budget, whatever is asked', async () => {
    const cache = new AnswerCache(10_000);
    for (let i = 0; i < 500; i++) await cache.get('s', `k${i}`, async () => bytes(100 + (i % 7) * 300), size);
    const stats = cache.stats();
    expect(stats.bytes).toBeLessThanOrEqual(10_000);
    expect(stats.entries).toBeGreaterThan(0);
  });

  it('evicts the least recently used entry, not the most recently read', async () => {
    const cache = new AnswerCache(300);
    let computed = 0;
    const get = (key: string) => cache.get('s', key, async () => (computed++, bytes(100)), size);
    await get('a');
    await get('b');
    await get('c');
    await get('a'); // a is now the most recently used
    await get('d'); // evicts b
    computed = 0;
    await get('a');
    await get('c');
    await get('d');
    expect(computed).toBe(0);
    await get('b');
    expect(computed).toBe(1);
  });

  it('serves but does not keep an answer larger than the budget', async () => {
    const cache = new AnswerCache(50);
    expect((await cache.get('s', 'big', async () => bytes(80), size)).length).toBe(80);
    expect(cache.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('shares one computation between concurrent callers and forgets failures', async () => {
    const cache = new AnswerCache(1000);
    let runs = 0;
    const compute = async () => (runs++, bytes(10));
    await Promise.all([cache.get('s', 'k', compute, size), cache.get('s', 'k', compute, size)]);
    expect(runs).toBe(1);
    await expect(cache.get('s', 'bad', async () => Promise.reject(new Error('boom')), size)).rejects.toThrow('boom');
    expect(await cache.get('s', 'bad', compute, size)).toHaveLength(10);
  });

  it('drops an owner\'s entries when its snapshot closes', async () => {
    const cache = new AnswerCache(1000);
    await cache.get('old', 'k', async () => bytes(100), size);
    await cache.get('new', 'k', async () => bytes(200), size);
    cache.drop('old');
    expect(cache.stats()).toMatchObject({ entries: 1, bytes: 200 });
  });
});

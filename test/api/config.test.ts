import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveServeConfig, ServeConfigError } from '../../api/config.ts';

describe('resolveServeConfig', () => {
  it('fills the defaults: port 8787, loopback, published/ beside the database, web/dist', () => {
    expect(resolveServeConfig({ dbPath: 'data/census.duckdb' })).toEqual({
      dbPath: 'data/census.duckdb',
      port: 8787,
      host: '127.0.0.1',
      publishDir: path.join('data', 'published'),
      siteDir: 'web/dist',
      pollMs: 2000,
      connections: 4,
      shutdownTimeoutMs: 10_000,
      answerCacheBytes: 16 * 1024 * 1024,
    });
  });

  it('accepts flags as the CLI passes them (strings) and keeps explicit directories', () => {
    const config = resolveServeConfig({ dbPath: '/srv/c.duckdb', port: '0', host: '::', publishDir: '/srv/pub', siteDir: null });
    expect(config).toMatchObject({ port: 0, host: '::', publishDir: '/srv/pub', siteDir: 'web/dist' });
  });

  it('takes the answer cache budget in MiB and refuses a negative or fractional one', () => {
    expect(resolveServeConfig({ dbPath: 'c.duckdb', answerCacheMb: '8' }).answerCacheBytes).toBe(8 * 1024 * 1024);
    expect(() => resolveServeConfig({ dbPath: 'c.duckdb', answerCacheMb: -1 })).toThrow(/answerCacheMb: must be 0-4096/);
    expect(() => resolveServeConfig({ dbPath: 'c.duckdb', answerCacheMb: 1.5 })).toThrow(/answerCacheMb: must be a whole number/);
  });

  it('names every bad setting in one readable line', () => {
    const attempt = () => resolveServeConfig({ dbPath: '', port: 'eighty', pollMs: 1 });
    expect(attempt).toThrow(ServeConfigError);
    expect(attempt).toThrow(/dbPath: a database path is required; port: .*; pollMs: must be at least 50/);
  });
});

// `fedicensus serve` settings, checked with zod before anything starts. The CLI has parsed the flags;
// this fills in the defaults that depend on other settings (the publish directory beside the database)
// and turns a bad value into one readable line naming the setting.
import { DEFAULT_ANSWER_CACHE_BYTES } from './answer-cache.ts';
import { defaultPublishDir } from './publish/current.ts';
import { z } from 'zod';

export class ServeConfigError extends Error {}

const ServeInput = z.object({
  dbPath: z.string().min(1, 'a database path is required'),
  port: z.coerce.number().int('must be a whole number').min(0, 'must be 0-65535').max(65_535, 'must be 0-65535').default(8787),
  host: z.string().min(1).max(253).default('127.0.0.1'),
  publishDir: z.string().min(1).nullish(),
  siteDir: z.string().min(1).nullish(),
  pollMs: z.coerce.number().int().min(50, 'must be at least 50').max(60_000, 'must be at most 60000').default(2000),
  connections: z.coerce.number().int().min(1).max(64).default(4),
  shutdownTimeoutMs: z.coerce.number().int().min(0).max(600_000).default(10_000),
  // The API's memory bound for kept answers (api/answer-cache.ts), in MiB: 0 keeps nothing.
  answerCacheMb: z.coerce
    .number()
    .int('must be a whole number of MiB')
    .min(0, 'must be 0-4096')
    .max(4096, 'must be 0-4096')
    .default(DEFAULT_ANSWER_CACHE_BYTES / 1024 / 1024),
});

export type ServeInput = z.input<typeof ServeInput>;

export interface ServeConfig {
  readonly dbPath: string;
  readonly port: number;
  readonly host: string;
  /** Where published snapshots and current.json live: default `published/` beside the database. */
  readonly publishDir: string;
  /** The static site served at /, default web/dist (served only when it exists). */
  readonly siteDir: string;
  readonly pollMs: number;
  readonly connections: number;
  /** How long in-flight requests may run after SIGTERM before their connections are cut. */
  readonly shutdownTimeoutMs: number;
  /** Bytes of answers the API keeps (api/answer-cache.ts); default 16 MiB, `--answer-cache-mb`. */
  readonly answerCacheBytes: number;
}

export function resolveServeConfig(input: ServeInput): ServeConfig {
  const result = ServeInput.safeParse(input);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${String(i.path[0] ?? 'settings')}: ${i.message}`);
    throw new ServeConfigError(`invalid serve settings: ${lines.join('; ')}`);
  }
  const s = result.data;
  return {
    dbPath: s.dbPath,
    port: s.port,
    host: s.host,
    publishDir: s.publishDir ?? defaultPublishDir(s.dbPath),
    siteDir: s.siteDir ?? 'web/dist',
    pollMs: s.pollMs,
    connections: s.connections,
    shutdownTimeoutMs: s.shutdownTimeoutMs,
    answerCacheBytes: s.answerCacheMb * 1024 * 1024,
  };
}

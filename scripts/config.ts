// Every setting of every command, parsed once with zod at start-up. A bad value fails with a message
// naming its flag (the CLI turns that into exit code 2); nothing runs with a setting it did not check.
import { z } from 'zod';
import { isCalendarDay } from '../api/metrics/dates.ts';

export class UsageError extends Error {}

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD')
  .refine(isCalendarDay, 'not a calendar date');

const positiveInt = (max: number) =>
  z.coerce.number().int('expected a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`);

export const crawlSchema = z.object({
  db: z.string().min(1),
  day: isoDay,
  seeds: z.array(z.string().min(1)).optional(),
  seedsFile: z.string().min(1),
  excludeFile: z.string().min(1),
  concurrency: positiveInt(1024),
  timeoutMs: positiveInt(600_000).refine((n) => n >= 100, 'must be at least 100'),
  connectTo: z.array(z.string()),
  publish: z.boolean(),
  publishDir: z.string().min(1).optional(),
  progressIntervalMs: positiveInt(3_600_000),
  // Absent: crawler/group-cap.ts's default (importing it here would load the crawler at every CLI start).
  maxNewPerDomain: z.coerce.number().int('expected a whole number').min(0, 'must be 0 (no cap) or more').optional(),
});
export type CrawlSettings = z.infer<typeof crawlSchema>;

export const exportSchema = z.object({
  db: z.string().min(1),
  out: z.string().min(1),
  format: z.enum(['csv', 'parquet', 'both']),
});
export type ExportSettings = z.infer<typeof exportSchema>;

export const serveSchema = z.object({
  db: z.string().min(1),
  port: z.coerce.number().int().min(0).max(65_535),
  host: z.string().min(1),
  publishDir: z.string().min(1).optional(),
  siteDir: z.string().min(1).optional(),
  answerCacheMb: z.coerce.number().int().min(0).max(4096).optional(),
});
export type ServeSettings = z.infer<typeof serveSchema>;

export const publishSchema = z.object({
  db: z.string().min(1),
  publishDir: z.string().min(1).optional(),
});
export type PublishSettings = z.infer<typeof publishSchema>;

export const importSchema = z.object({
  db: z.string().min(1),
  files: z.array(z.string().min(1)).min(1, 'name at least one file to import'),
});
export type ImportSettings = z.infer<typeof importSchema>;

/** Maps the schema keys back to the flags a person typed, for error messages. */
export function flagName(key: string): string {
  return '--' + key.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase());
}

/** Parses `input` with `schema`, turning the first problem into a UsageError that names the flag. */
export function parseSettings<T extends z.ZodType>(schema: T, input: unknown): z.infer<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const key = String(issue.path[0] ?? '');
  const given = key && typeof input === 'object' && input ? (input as Record<string, unknown>)[key] : undefined;
  const shown = given === undefined ? '' : ` (got ${JSON.stringify(given)})`;
  throw new UsageError(`${flagName(key)}: ${issue.message}${shown}`);
}

export function todayUtc(now: Date): string {
  return now.toISOString().slice(0, 10);
}

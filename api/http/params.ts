// Request parameters, as zod schemas: the same schemas validate requests and generate the OpenAPI
// document. Every string has a maximum length, so no parameter can make the API do unbounded work.
import { z } from '@hono/zod-openapi';
import { isCalendarDay } from '../metrics/dates.ts';
import { DAILY_METRICS } from '../metrics/daily.ts';
import { ANOMALY_KINDS } from '../metrics/anomalies.ts';
import { SERVER_SORTS } from '../metrics/servers.ts';
import { ANOMALY_MODES } from '../metrics/weekly.ts';

export const Day = z
  .string()
  .max(10, 'a day is YYYY-MM-DD (10 characters)')
  .refine(isCalendarDay, 'not a calendar day written YYYY-MM-DD');

/** NodeInfo software names are lower-case `[a-z0-9-]`; dots, underscores and plus signs are tolerated. */
export const SoftwareName = z
  .string()
  .min(1)
  .max(64, 'a software name has at most 64 characters')
  .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'a software name is letters, digits, ".", "_", "+" and "-"')
  .toLowerCase();

export const Format = z.enum(['json', 'csv']).optional().openapi({ description: 'json (default) or csv' });

function labelsOk(name: string): boolean {
  if (name.length > 253 || !name.includes('.')) return false;
  return name.split('.').every((label) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(label));
}

/** A name that could be a server's domain (ASCII, IDNA-encoded as the census stores it). */
export const Domain = z
  .string()
  .min(1)
  .max(253, 'a domain has at most 253 characters')
  .toLowerCase()
  .refine(labelsOk, 'not a domain name (letters, digits and hyphens in dot-separated labels, e.g. mastodon.social)')
  .openapi({ param: { name: 'domain', in: 'path' }, example: 'mastodon.social' });

/** from/to in that order, both optional; from after to is an error named on `from`. */
function rangeChecked<T extends { from?: string | undefined; to?: string | undefined }>(value: T, ctx: z.RefinementCtx): void {
  if (value.from && value.to && value.from > value.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: `from (${value.from}) is after to (${value.to})` });
  }
}

const AnomalyModeParam = (what: string) =>
  z.enum(ANOMALY_MODES).optional().openapi({ description: `exclude (default): ${what} flagged as an anomaly is not counted; include: counted` });

export const SummaryQuery = z.object({
  day: Day.optional().openapi({ description: 'the day (UTC); default the latest crawled day', example: '2025-06-30' }),
  anomalies: AnomalyModeParam('a figure'),
});

export const WeeklyQuery = z
  .object({
    from: Day.optional().openapi({ description: 'first day of the range (its week is included)' }),
    to: Day.optional().openapi({ description: 'last day of the range (its week is included)' }),
    software: SoftwareName.optional().openapi({ description: "servers whose latest software is this", example: 'mastodon' }),
    anomalies: AnomalyModeParam('growth'),
    format: Format,
  })
  .superRefine(rangeChecked);

export const ChangeQuery = z
  .object({
    from: Day.openapi({ description: 'the earlier date; the nearest crawled day on or before it is compared' }),
    to: Day.openapi({ description: 'the later date; the nearest crawled day on or before it is compared' }),
    software: SoftwareName.optional().openapi({ description: "servers whose latest software is this", example: 'mastodon' }),
  })
  .superRefine(rangeChecked);

export const AnomaliesQuery = z.object({
  day: Day.optional().openapi({ description: 'the day (UTC); default the latest crawled day', example: '2025-06-30' }),
  kind: z.enum(ANOMALY_KINDS).optional().openapi({ description: 'one kind of anomaly; default every kind' }),
  format: Format,
});

export const DailyQuery = z
  .object({
    metric: z.enum(DAILY_METRICS).openapi({ description: 'the figure to sum per day' }),
    from: Day.optional(),
    to: Day.optional(),
    software: SoftwareName.optional(),
    format: Format,
  })
  .superRefine(rangeChecked);

export const SoftwareQuery = z.object({ format: Format });

export const MethodChangesQuery = z.object({ format: Format });

export const ReferenceQuery = z
  .object({
    source: z
      .string()
      .max(64, 'a source id has at most 64 characters')
      .regex(/^[a-z0-9][a-z0-9-]*$/, 'a source id is lower-case letters, digits and "-"')
      .optional()
      .openapi({ description: 'the publisher of the series (default joinmastodon: published by Mastodon)', example: 'joinmastodon' }),
    from: Day.optional(),
    to: Day.optional(),
    format: Format,
  })
  .superRefine(rangeChecked);

export const ServersQuery = z.object({
  software: SoftwareName.optional(),
  sort: z.enum(SERVER_SORTS).optional().openapi({ description: 'counts sort largest first (missing last); domain A to Z. Default users_total' }),
  limit: z.coerce
    .number()
    .int('limit is a whole number')
    .min(1, 'limit is at least 1')
    .max(500, 'limit is at most 500')
    .optional()
    .openapi({ type: 'integer', description: 'servers per page, 1-500, default 100' }),
  cursor: z
    .string()
    .max(600, 'cursor is too long')
    .regex(/^[A-Za-z0-9_-]+$/, 'not a cursor from this API')
    .optional()
    .openapi({ description: 'the `next_cursor` of the previous page' }),
  format: Format,
});

export const ServerParams = z.object({ domain: Domain });
export const ServerQuery = z.object({ format: Format });

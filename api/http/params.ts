// Request parameters, as zod schemas: the same schemas validate requests and generate the OpenAPI
// document. Every string has a maximum length, so no parameter can make the API do unbounded work.
// Messages are the rest of a sentence whose subject is the parameter (api/http/errors.ts puts the name in
// front: "from must be a date, YYYY-MM-DD").
import { z } from '@hono/zod-openapi';
import { DROP_REASON_TEXT, parseServerName } from '../../core/server-name.ts';
import { DAY_PATTERN } from '../../core/time.ts';
import { isCalendarDay } from '../metrics/dates.ts';
import { DAILY_METRICS } from '../metrics/daily.ts';
import { ANOMALY_KINDS } from '../metrics/anomalies.ts';
import { SERVER_SORTS } from '../metrics/servers.ts';
import { ANOMALY_MODES } from '../metrics/weekly.ts';

const A_DAY = 'must be a date, YYYY-MM-DD';

export const Day = z
  .string()
  .max(10, A_DAY)
  .refine(isCalendarDay, A_DAY)
  .openapi({ format: 'date', pattern: DAY_PATTERN, example: '2025-06-30' });

const SOFTWARE_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._+-]*$';

/** NodeInfo software names are lower-case `[a-z0-9-]`; dots, underscores and plus signs are tolerated. */
export const SoftwareName = z
  .string()
  .min(1, 'must not be empty')
  .max(64, 'must be at most 64 characters long')
  .regex(new RegExp(SOFTWARE_PATTERN), 'must be a software name: letters, digits, ".", "_", "+" and "-"')
  .toLowerCase()
  .openapi({ pattern: SOFTWARE_PATTERN, maxLength: 64, example: 'mastodon' });

/** For answers that are rows: JSON (default) or CSV. */
export const Format = z
  .enum(['json', 'csv'], { error: 'must be json or csv' })
  .optional()
  .openapi({ description: 'json (default) or csv' });

/** For answers that are one record, not rows: only JSON, and csv is a 400 that says so, not a silent JSON. */
export const JsonFormat = z
  .enum(['json'], { error: 'must be json: this answer is one record, not rows (format=csv is offered where an answer is rows)' })
  .optional()
  .openapi({ description: 'json (the default and only format of this answer)' });

/**
 * A server name (core/server-name.ts, the crawler's definition): any spelling a person might use, Unicode
 * included, is looked up under the census's canonical one (lower-case IDNA A-labels: `social.xn--wxa.zone`).
 */
export const Domain = z
  .string()
  .max(253 * 4, 'must be at most 253 characters long')
  .transform((raw, ctx) => {
    const name = parseServerName(raw);
    if (name.ok) return name.name;
    ctx.addIssue({ code: 'custom', message: `must be a server name, e.g. mastodon.social: ${DROP_REASON_TEXT[name.reason]}` });
    return z.NEVER;
  })
  .openapi({
    param: { name: 'domain', in: 'path' },
    type: 'string',
    format: 'idn-hostname',
    maxLength: 253 * 4,
    example: 'mastodon.social',
    description: 'a server name; Unicode (social.λ.zone) or A-labels (social.xn--wxa.zone), any case',
  });

/** from/to in that order, both optional; from after to is an error named on `from`. */
function rangeChecked<T extends { from?: string | undefined; to?: string | undefined }>(value: T, ctx: z.RefinementCtx): void {
  if (value.from && value.to && value.from > value.to) {
    ctx.addIssue({ code: 'custom', path: ['from'], message: `must not be after to (${value.from} is after ${value.to})` });
  }
}

const AnomalyModeParam = (what: string) =>
  z.enum(ANOMALY_MODES).optional().openapi({ description: `exclude (default): ${what} flagged as an anomaly is not counted; include: counted` });

export const SummaryQuery = z.object({
  day: Day.optional().openapi({ description: 'the day (UTC); default the latest crawled day', example: '2025-06-30' }),
  format: JsonFormat,
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
    format: JsonFormat,
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

export const DaysQuery = z
  .object({
    from: Day.optional().openapi({ description: 'first day listed; default the first crawled day' }),
    to: Day.optional().openapi({ description: 'last day listed; default the latest crawled day' }),
    format: Format,
  })
  .superRefine(rangeChecked);
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
    .number({ error: 'must be a whole number from 1 to 500' })
    .int('must be a whole number from 1 to 500')
    .min(1, 'must be at least 1')
    .max(500, 'must be at most 500')
    .optional()
    .openapi({ type: 'integer', minimum: 1, maximum: 500, description: 'servers per page, 1-500, default 100' }),
  cursor: z
    .string()
    .max(600, 'is too long to be a cursor from this API')
    .regex(/^[A-Za-z0-9_-]+$/, 'must be the next_cursor of a previous page')
    .optional()
    .openapi({ description: 'the `next_cursor` of the previous page', pattern: '^[A-Za-z0-9_-]+$', maxLength: 600 }),
  format: Format,
});

export const ServerParams = z.object({ domain: Domain });
export const ServerQuery = z.object({ format: Format });
export const DefinitionsQuery = z.object({ format: JsonFormat });

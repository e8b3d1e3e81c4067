// Response bodies, as zod schemas for the OpenAPI document (the query functions' types are the source of
// truth; these describe them for API users). Field names are fixed by issue #3.
import { z } from '@hono/zod-openapi';
import { DATE_TIME_PATTERN, DAY_PATTERN } from '../../core/time.ts';
import { SUMMARY_KINDS } from '../metrics/anomalies.ts';
import { METHOD_CHANGE_KINDS } from '../metrics/method-changes.ts';

const Day = z.string().openapi({ format: 'date', pattern: DAY_PATTERN, example: '2025-06-30', description: 'YYYY-MM-DD (UTC)' });
/** core/time.ts: RFC 3339, UTC, `Z`, whole seconds, as in the datasets. */
const DateTime = z.string().openapi({ format: 'date-time', pattern: DATE_TIME_PATTERN, example: '2016-03-16T14:34:26Z' });
/** A server name as the census stores it (core/server-name.ts): lower-case IDNA A-labels. */
const ServerName = z
  .string()
  .openapi({ format: 'hostname', pattern: '^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$', maxLength: 253, example: 'mastodon.social' });
const Count = z.number().int();
const NullableCount = z.number().int().nullable();

export const Meta = z
  .object({
    data_version: z.string().openapi({ description: 'the published snapshot this answer comes from (also the ETag)' }),
    data_as_of: Day.nullable().openapi({ description: 'the latest day in that snapshot' }),
    methodology: z.string().openapi({ description: 'where the figure definitions are served' }),
    definitions: z.record(z.string(), z.string()).optional(),
    sources: z
      .array(z.object({ id: z.string(), name: z.string(), url: z.string().nullable(), licence: z.string().nullable() }))
      .optional()
      .openapi({ description: "where the census's observations come from (definitions: sources)" }),
    source: z
      .object({ id: z.string(), name: z.string(), url: z.string().nullable(), licence: z.string().nullable(), collected: z.string().nullable(), coverage: z.string().nullable() })
      .optional()
      .openapi({ description: 'the one source of this answer, with its provenance (reference series)' }),
  })
  .openapi('Meta');

export const SoftwareFigures = z
  .object({ name: z.string(), servers: Count, users_total: NullableCount, users_active_month: NullableCount })
  .openapi('SoftwareFigures');

const LeftOutFigures = { servers: Count, users_total: Count, users_active_month: Count, local_posts: Count };

export const LeftOut = z
  .object({
    ...LeftOutFigures,
    by_kind: z.array(z.object({ kind: z.enum(SUMMARY_KINDS), ...LeftOutFigures })),
  })
  .openapi('LeftOut', { description: 'figures left out of the sums (servers counted once; by kind, a server flagged twice is in both)' });

const CreationTimesOf = { servers: Count, known: Count, share: z.number().nullable().openapi({ description: 'known / servers (0-1); null without servers' }) };

export const CreationTimes = z
  .object({ ...CreationTimesOf, by_software: z.array(z.object({ name: z.string(), ...CreationTimesOf })) })
  .openapi('CreationTimes', { description: 'servers seen ok by the day whose creation time is known, overall and per latest software' });

export const Summary = z
  .object({
    day: Day,
    servers: Count.openapi({ description: 'servers with a snapshot that day' }),
    users_total: NullableCount.openapi({ description: 'null when no server reported it' }),
    users_active_month: NullableCount,
    local_posts: NullableCount,
    software: z.array(SoftwareFigures),
    coverage: z.object({ known: Count, attempted: Count, ok: Count, disallowed: Count }),
    reporting: z
      .object({ users_total: Count, users_active_month: Count, local_posts: Count })
      .openapi({ description: 'servers each sum covers (figure not NULL, not left out)' }),
    anomalies: z.enum(['exclude', 'include']).openapi({ description: 'whether figures flagged as anomalies were left out of the sums' }),
    left_out: LeftOut,
    creation_times: CreationTimes,
    meta: Meta,
  })
  .openapi('Summary');

export const Weekly = z
  .object({
    from: Day.nullable(),
    to: Day.nullable(),
    software: z.string().nullable(),
    anomalies: z.enum(['exclude', 'include']).openapi({ description: 'whether growth flagged as an anomaly was left out' }),
    weeks: z.array(
      z.object({
        week: Day.openapi({ description: 'Monday (UTC) of the ISO week' }),
        users_joined: NullableCount.openapi({ description: 'users_registered + users_growth (the parts known); null when neither is' }),
        users_registered: NullableCount.openapi({ description: 'registrations from activity windows; null when no window reports the week' }),
        users_growth: NullableCount.openapi({ description: 'growth of reported totals in weeks windows do not cover; null when none was measured' }),
        servers_joined: Count.openapi({ description: 'equal to servers_created' }),
        servers_created: Count.openapi({ description: 'servers whose creation time is known, in its week' }),
        servers_first_reached: NullableCount.openapi({ description: 'servers first crawled ok that week; null for a week without a crawl' }),
      }),
    ),
    meta: Meta,
  })
  .openapi('Weekly');

export const Daily = z
  .object({
    metric: z.string(),
    from: Day.nullable(),
    to: Day.nullable(),
    software: z.string().nullable(),
    days: z.array(z.object({ day: Day, value: NullableCount.openapi({ description: 'null when no server reported the figure that day' }), reporting: Count })),
    meta: Meta,
  })
  .openapi('Daily');

export const Change = z
  .object({
    requested_from: Day,
    requested_to: Day,
    software: z.string().nullable(),
    from: Day.nullable().openapi({ description: 'the crawled day compared for requested_from; null when none is on or before it' }),
    to: Day.nullable().openapi({ description: 'the crawled day compared for requested_to' }),
    servers_compared: Count.openapi({ description: 'servers with users_active_month on both days' }),
    users_active_month_from: NullableCount.openapi({ description: 'null when no server is compared' }),
    users_active_month_to: NullableCount,
    change: NullableCount,
    servers_only_from: Count,
    servers_only_to: Count,
    meta: Meta,
  })
  .openapi('Change');

export const Anomalies = z
  .object({
    day: Day.nullable(),
    kind: z.string().nullable(),
    anomalies: z.array(z.object({ domain: ServerName, day: Day, kind: z.string(), detail: z.string() })),
    meta: Meta,
  })
  .openapi('Anomalies');

export const MethodChanges = z
  .object({
    changes: z.array(
      z.object({
        day: Day,
        kind: z.enum(METHOD_CHANGE_KINDS),
        software: z.string().nullable().openapi({ description: 'null for a change of the whole census' }),
        title: z.string(),
        detail: z.string(),
      }),
    ),
    meta: Meta,
  })
  .openapi('MethodChanges');

export const SoftwareList = z
  .object({ day: Day.nullable(), software: z.array(SoftwareFigures), meta: Meta })
  .openapi('SoftwareList');

const ServerListing = z.object({
  domain: ServerName,
  software: z.string().nullable(),
  version: z.string().nullable(),
  status: z.string().nullable(),
  first_seen: Day,
  first_seen_ok: Day.nullable(),
  created_at: DateTime.nullable(),
  day: Day.openapi({ description: 'day of the latest snapshot' }),
  users_total: NullableCount,
  users_active_month: NullableCount,
  local_posts: NullableCount,
});

export const ServerList = z
  .object({
    servers: z.array(ServerListing),
    next_cursor: z.string().nullable().openapi({ description: 'pass as cursor for the next page; null on the last' }),
    meta: Meta,
  })
  .openapi('ServerList');

export const Server = z
  .object({
    domain: ServerName,
    first_seen: Day,
    first_seen_ok: Day.nullable(),
    last_seen_ok: Day.nullable(),
    last_attempt: Day.nullable(),
    status: z.string().nullable(),
    software: z.string().nullable(),
    version: z.string().nullable(),
    created_at: DateTime.nullable(),
    created_at_source: z.string().nullable(),
    history: z.array(
      z.object({
        day: Day,
        software: z.string(),
        version: z.string().nullable(),
        users_total: NullableCount,
        users_active_month: NullableCount,
        users_active_halfyear: NullableCount,
        local_posts: NullableCount,
        open_registrations: z.boolean().nullable(),
        quality: z.string().nullable(),
      }),
    ),
    activity: z.array(
      z.object({ week: Day, statuses: NullableCount, logins: NullableCount, registrations: NullableCount }),
    ),
    meta: Meta,
  })
  .openapi('Server');

export const Days = z
  .object({
    from: Day.nullable(),
    to: Day.nullable(),
    days: z.array(
      z.object({
        day: Day,
        servers: Count.openapi({ description: 'servers with a snapshot that day' }),
        known: Count.openapi({ description: 'servers known by that day' }),
        attempted: Count.openapi({ description: 'servers the crawl tried that day' }),
        ok: Count.openapi({ description: 'servers that answered with NodeInfo' }),
        disallowed: Count.openapi({ description: "servers whose robots.txt disallowed the census" }),
      }),
    ),
    meta: Meta,
  })
  .openapi('Days');

export const Reference = z
  .object({
    source: z.string().openapi({ description: 'the publisher of the series', example: 'joinmastodon' }),
    published_by: z.string().openapi({ example: 'published by Mastodon' }),
    from: Day.nullable(),
    to: Day.nullable(),
    days: z.array(
      z.object({ day: Day, user_count: NullableCount, server_count: NullableCount, active_user_count: NullableCount }),
    ),
    meta: Meta,
  })
  .openapi('Reference');

export const Definitions = z.object({ definitions: z.record(z.string(), z.string()) }).openapi('Definitions');

/** Content for a route answering JSON, and CSV when asked. */
export function jsonOrCsv<T extends z.ZodType>(schema: T, description: string) {
  return {
    description,
    content: {
      'application/json': { schema },
      'text/csv': { schema: z.string().openapi({ description: 'the same series as CSV (?format=csv)' }) },
    },
  };
}

// One date-time format for everything the census publishes (API answers, CSV, Parquet, JSON documents):
// RFC 3339 in UTC with a `Z`, to the second (`2024-01-15T04:12:07Z`). Crawl times are recorded to the
// second of a night-long crawl; milliseconds would be precision the data does not have, and one fixed width
// sorts as text. Days are YYYY-MM-DD (RFC 3339 full-date), UTC.

/** RFC 3339 full-date: the form of every day. */
export const DAY_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}$';
/** RFC 3339 date-time as published: UTC, `Z`, whole seconds. */
export const DATE_TIME_PATTERN = '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$';

/** A moment as published: `2024-01-15T04:12:07Z` (fractions of a second dropped, not rounded). */
export function formatDateTime(at: Date | number): string {
  const date = typeof at === 'number' ? new Date(at) : at;
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The same for a time given as microseconds since the epoch (DuckDB's TIMESTAMP). */
export function formatMicros(micros: bigint): string {
  return formatDateTime(Number(micros / 1000n));
}

// Small readers for untrusted JSON: every software parser goes through these so that a hostile or odd
// body yields nulls instead of exceptions (a getter-free JSON value cannot throw on property access).

/** A plain JSON object (not null, not an array). */
export type JsonRecord = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value[k1][k2]...`, or undefined as soon as a step is not an object. Own properties only. */
export function at(value: unknown, ...path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (!isRecord(current) || !Object.hasOwn(current, key)) return undefined;
    current = current[key];
  }
  return current;
}

/** Longest string we keep from a server (names, versions): a version string is never legitimately longer. */
const MAX_TEXT = 200;

/** A trimmed, non-empty string of at most `max` characters; numbers are written out (some send `"version": 3`). */
export function asText(value: unknown, max = MAX_TEXT): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed.length === 0 || trimmed.length > max ? null : trimmed;
}

/** A boolean, also from the strings "true"/"false" (WordPress and PHP servers send strings). Else null. */
export function asBoolean(value: unknown): boolean | null {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

// Earliest plausible creation time of a fediverse server or activity window: older values are garbage
// (or 0 meaning "unknown") and would give absurd ages. The upper bound keeps Date arithmetic sane.
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(2100, 0, 1);

// ISO 8601 date-time without a zone, as Lemmy sends `published` ("2019-08-16T23:14:21.070852"):
// JavaScript would read it as local time, so it is read as UTC explicitly.
const NAIVE = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2})?)(\.\d+)?$/;
const ZONED = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

/** An ISO 8601 timestamp (a missing zone means UTC) within 2000..2100, else null. */
export function asTimestamp(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const text = value.trim();
  const naive = NAIVE.exec(text);
  // Milliseconds only: some engines reject microseconds.
  const iso = naive
    ? `${naive[1]}T${naive[2]}${(naive[3] ?? '').slice(0, 4)}Z`
    : ZONED.test(text)
      ? text.replace(' ', 'T').replace(/(\.\d{3})\d+/, '$1')
      : null;
  if (iso === null) return null;
  return inRange(Date.parse(iso));
}

/** Unix seconds (a JSON number or a string of digits, as Mastodon's activity `week`) within 2000..2100. */
export function asUnixSeconds(value: unknown): Date | null {
  const seconds =
    typeof value === 'number' ? value : typeof value === 'string' && /^[0-9]{1,12}$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(seconds)) return null;
  return inRange(seconds * 1000);
}

function inRange(ms: number): Date | null {
  return Number.isFinite(ms) && ms >= EARLIEST_MS && ms < LATEST_MS ? new Date(ms) : null;
}

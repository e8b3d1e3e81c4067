// Plausibility rules for every count the crawler stores (docs/contributing.md, "Plausibility"). Servers send
// counts as numbers, as strings, as null, as objects, and sometimes as nonsense on purpose (GoToSocial's
// `baffle` mode): a count either passes these rules or is stored as NULL with a flag saying why.
import type { CheckedCount } from './observation.ts';

/** Counts at or above this are implausible for one server (the largest report a few million users). */
export const COUNT_LIMIT = 1_000_000_000;

export type CountFlag = NonNullable<CheckedCount['flag']>;

const MISSING: CheckedCount = Object.freeze({ value: null });
const flagged = (flag: CountFlag): CheckedCount => ({ value: null, flag });

// Only plain ASCII digits with an optional leading '-' count as a number in a string (the house rule).
const DIGITS = /^-?[0-9]+$/;
// A decimal written with a fraction part: flagged `fractional` (or `negative`), because that is what the
// server meant, even for "12.0" (JSON.parse cannot tell 12.0 from 12 for numbers, but a string can).
const DECIMAL = /^-?[0-9]+\.[0-9]+$/;

/**
 * Checks one count as sent by a server.
 * - absent or null: `{ value: null }`, no flag (the server did not say);
 * - an integer (JSON number or a string of ASCII digits, optional leading '-') in [0, 1e9): kept;
 * - below zero: `negative` (checked before `fractional`, so "-1.5" is negative);
 * - a fraction ("12.5", 12.5): `fractional`;
 * - 1e9 or more, including digit strings too long for a double and +Infinity: `too_large`;
 * - anything else: `not_a_number`. That includes booleans, objects, arrays, NaN, "", " 12", "+5", "0x10"
 *   and exponent strings such as "1e3": no server software writes a count that way in a string (they
 *   would send the JSON number 1000, which is kept), so a string with an exponent is not read as a count.
 * Never throws.
 */
export function checkCount(value: unknown): CheckedCount {
  if (value === undefined || value === null) return MISSING;
  if (typeof value === 'number') return checkNumber(value);
  if (typeof value === 'string') {
    if (DIGITS.test(value)) return checkNumber(Number(value));
    if (DECIMAL.test(value)) return flagged(value.startsWith('-') ? 'negative' : 'fractional');
    return flagged('not_a_number');
  }
  return flagged('not_a_number');
}

function checkNumber(n: number): CheckedCount {
  if (Number.isNaN(n)) return flagged('not_a_number');
  if (n < 0) return flagged('negative');
  if (n === Number.POSITIVE_INFINITY) return flagged('too_large');
  if (!Number.isInteger(n)) return flagged('fractional');
  if (n >= COUNT_LIMIT) return flagged('too_large');
  // `+ 0` turns -0 (from "-0") into 0 so that it never reaches the store as a negative zero.
  return { value: n + 0 };
}

/**
 * The flags of a snapshot as stored: `field:flag` joined by `;`, in the order the fields are given, or null
 * when no field was flagged. Fields that are undefined or unflagged are skipped.
 */
export function qualityFlags(fields: Readonly<Record<string, CheckedCount | undefined>>): string | null {
  const parts: string[] = [];
  for (const [field, count] of Object.entries(fields)) {
    if (count?.flag !== undefined) parts.push(`${field}:${count.flag}`);
  }
  return parts.length === 0 ? null : parts.join(';');
}

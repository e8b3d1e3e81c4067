// Arbitraries for what a hostile or broken server may send, shared by the property tests: every JSON value,
// plus the values that have broken counters and parsers in practice (numbers as strings, exponents, -0,
// huge and fractional numbers, unicode, prototype keys, deep nesting).
import fc from 'fast-check';

/** A value a count field may hold: numbers of every kind, numeric-looking strings, and everything else. */
export const countLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer({ min: -1_000_000, max: 2_000_000_000 }),
  fc.double(),
  fc.maxSafeInteger(),
  fc.constantFrom(-0, 0, 1e9, 1e9 - 1, 1e21, Number.MAX_VALUE, Infinity, -Infinity, NaN, 12.0, 12.5, -1),
  fc.constantFrom('12', '-1', '12.5', '-1.5', '1e3', '0x10', ' 12', '+5', '', '١٢', '9'.repeat(400), '-0', '12.0', 'NaN'),
  fc.stringMatching(/^-?[0-9]{1,12}(\.[0-9]{1,3})?$/),
  fc.string(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
);

/** A string field: text of any kind and length, or anything else. */
export const textLike: fc.Arbitrary<unknown> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom('<script>alert(1)</script>', '=cmd|calc', '../../etc/passwd', 'index', 'x'.repeat(5000), '\u0000', ' '),
  countLike,
);

/** Any JSON value, with the keys that break naive object handling mixed in. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.anything({ maxDepth: 3, withNullPrototype: true }),
  fc.constant(JSON.parse('{"__proto__": {"polluted": 1}, "constructor": {"prototype": {"x": 1}}}')),
);

/** Nested `depth` levels deep, the innermost holding `leaf`. */
export function nested(depth: number, leaf: unknown): unknown {
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { a: value, b: [value] };
  return value;
}

/** Every number reachable in a parser's output (Dates excluded: they are checked as dates). */
export function numbersIn(value: unknown, out: number[] = [], depth = 0): number[] {
  if (depth > 20) return out;
  if (typeof value === 'number') out.push(value);
  else if (Array.isArray(value)) for (const v of value) numbersIn(v, out, depth + 1);
  else if (value instanceof Date) return out;
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) numbersIn(v, out, depth + 1);
  return out;
}

/** No parser output holds a negative or fractional count, nor one at or past the plausibility limit. */
export function plausibleCounts(value: unknown): boolean {
  return numbersIn(value).every((n) => Number.isInteger(n) && n >= 0 && n < 1_000_000_000 && !Object.is(n, -0));
}

/** Every Date reachable is a valid time within 2000..2100 (values.ts). */
export function plausibleDates(value: unknown, depth = 0): boolean {
  if (depth > 20) return true;
  if (value instanceof Date) return !Number.isNaN(value.getTime()) && value.getUTCFullYear() >= 2000 && value.getUTCFullYear() < 2100;
  if (Array.isArray(value)) return value.every((v) => plausibleDates(v, depth + 1));
  if (typeof value === 'object' && value !== null) return Object.values(value).every((v) => plausibleDates(v, depth + 1));
  return true;
}

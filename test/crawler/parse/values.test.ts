import { describe, expect, it } from 'vitest';
import { asBoolean, asText, asTimestamp, asUnixSeconds, at } from '../../../crawler/parse/values.ts';

describe('at', () => {
  it('walks own properties of objects only', () => {
    expect(at({ a: { b: 1 } }, 'a', 'b')).toBe(1);
    expect(at({ a: [1] }, 'a', '0')).toBeUndefined();
    expect(at({}, 'constructor')).toBeUndefined();
    expect(at(null, 'a')).toBeUndefined();
  });
});

describe('asText / asBoolean', () => {
  it('trims, rejects empty and over-long strings, writes numbers out', () => {
    expect(asText(' 4.2.0 ')).toBe('4.2.0');
    expect(asText('')).toBeNull();
    expect(asText('x'.repeat(201))).toBeNull();
    expect(asText(3)).toBe('3');
    expect(asText(Number.NaN)).toBeNull();
    expect(asText({})).toBeNull();
  });
  it('reads booleans and their string forms only', () => {
    expect([true, false, 'true', 'false', 'TRUE', 1, null].map(asBoolean)).toEqual([true, false, true, false, null, null, null]);
  });
});

describe('asTimestamp', () => {
  it.each([
    ['2016-03-16T14:34:26.392Z', '2016-03-16T14:34:26.392Z'],
    ['2019-08-16T23:14:21.070852', '2019-08-16T23:14:21.070Z'], // Lemmy: no zone means UTC
    ['2019-08-16 23:14:21', '2019-08-16T23:14:21.000Z'],
    ['2019-08-16T23:14', '2019-08-16T23:14:00.000Z'],
    ['2023-06-01T10:00:00+02:00', '2023-06-01T08:00:00.000Z'],
    ['2023-06-01', '2023-06-01T00:00:00.000Z'],
  ])('reads %s as %s', (input, iso) => {
    expect(asTimestamp(input)?.toISOString()).toBe(iso);
  });
  it.each(['', 'yesterday', '1999-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '2019-13-45T00:00:00Z', 1_500_000_000, null])(
    'rejects %j',
    (input) => {
      expect(asTimestamp(input)).toBeNull();
    },
  );
});

describe('asUnixSeconds', () => {
  it('reads seconds as numbers or digit strings within 2000..2100', () => {
    expect(asUnixSeconds('1574640000')?.toISOString()).toBe('2019-11-25T00:00:00.000Z');
    expect(asUnixSeconds(1574640000)?.toISOString()).toBe('2019-11-25T00:00:00.000Z');
    for (const bad of ['0', 0, '-1574640000', '1574640000.5', 1574640000.5, '1e9', 1e13, true]) expect(asUnixSeconds(bad)).toBeNull();
  });
});

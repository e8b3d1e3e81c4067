import { describe, expect, it } from 'vitest';
import { checkCount, COUNT_LIMIT, qualityFlags } from '../../crawler/quality.ts';

describe('checkCount', () => {
  it.each([
    [0, 0],
    [348, 348],
    ['348', 348],
    ['007', 7],
    ['-0', 0],
    [-0, 0],
    [12.0, 12], // JSON.parse('12.0') is the integer 12
    [COUNT_LIMIT - 1, COUNT_LIMIT - 1],
    [String(COUNT_LIMIT - 1), COUNT_LIMIT - 1],
  ])('keeps %j as %j', (input, value) => {
    const checked = checkCount(input);
    expect(checked).toEqual({ value });
    expect(Object.is(checked.value, -0)).toBe(false);
  });

  it.each([undefined, null])('treats %j as missing, without a flag', (input) => {
    expect(checkCount(input)).toEqual({ value: null });
    expect(checkCount(input)).not.toHaveProperty('flag');
  });

  it.each([
    [-1, 'negative'],
    ['-5', 'negative'],
    [-1.5, 'negative'],
    ['-1.5', 'negative'],
    [Number.NEGATIVE_INFINITY, 'negative'],
    [12.5, 'fractional'],
    ['12.5', 'fractional'],
    ['12.0', 'fractional'],
    [COUNT_LIMIT, 'too_large'],
    [String(COUNT_LIMIT), 'too_large'],
    [2_147_483_647, 'too_large'],
    ['9'.repeat(400), 'too_large'],
    [Number.POSITIVE_INFINITY, 'too_large'],
    [Number.NaN, 'not_a_number'],
    [true, 'not_a_number'],
    [false, 'not_a_number'],
    [{ all: 3, direct: 1 }, 'not_a_number'],
    [[1], 'not_a_number'],
    ['', 'not_a_number'],
    [' 12', 'not_a_number'],
    ['+5', 'not_a_number'],
    ['0x10', 'not_a_number'],
    ['1e3', 'not_a_number'],
    ['twelve', 'not_a_number'],
    ['١٢', 'not_a_number'], // Arabic-Indic digits are not ASCII digits
  ])('flags %j as %s', (input, flag) => {
    expect(checkCount(input)).toEqual({ value: null, flag });
  });
});

describe('qualityFlags', () => {
  it('joins flagged fields in order and skips clean, missing and undefined ones', () => {
    expect(
      qualityFlags({
        users_total: checkCount(-3),
        users_active_month: checkCount(10),
        users_active_halfyear: checkCount(null),
        local_posts: checkCount({ all: 3 }),
        other: undefined,
      }),
    ).toBe('users_total:negative;local_posts:not_a_number');
  });

  it('is null when nothing is flagged', () => {
    expect(qualityFlags({ users_total: checkCount(1), local_posts: undefined })).toBeNull();
    expect(qualityFlags({})).toBeNull();
  });
});

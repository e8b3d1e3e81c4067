import { describe, expect, it } from 'vitest';
import { DATE_TIME_PATTERN, formatDateTime, formatMicros } from '../../core/time.ts';

describe('formatDateTime', () => {
  it('writes RFC 3339 in UTC with Z, to the second (fractions dropped, not rounded)', () => {
    expect(formatDateTime(new Date('2026-11-26T03:12:09.999Z'))).toBe('2026-11-26T03:12:09Z');
    expect(formatDateTime(Date.UTC(2024, 0, 1))).toBe('2024-01-01T00:00:00Z');
    expect(formatMicros(1_700_000_000_123_456n)).toBe('2023-11-14T22:13:20Z');
    expect(formatDateTime(new Date('2024-01-01T00:00:00+02:00'))).toBe('2023-12-31T22:00:00Z');
    expect(new RegExp(DATE_TIME_PATTERN).test(formatDateTime(new Date()))).toBe(true);
  });
});

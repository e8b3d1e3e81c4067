// The reader's locale list may hold a tag Intl rejects; formatting must fall back, never throw.
import { describe, expect, it } from 'vitest';
import { usableLocales } from '../../../web/client/format.ts';

describe('usableLocales', () => {
  it('drops tags Intl rejects (Chromium under LANG=C reports en-US@posix) and keeps the rest', () => {
    expect(() => new Intl.NumberFormat(['en-US@posix'])).toThrow();
    expect(usableLocales(['en-US@posix', 'de-DE'])).toEqual(['de-DE']);
    expect(usableLocales(['en-US@posix'])).toBeUndefined();
    expect(usableLocales(undefined)).toBeUndefined();
    expect(() => new Intl.NumberFormat(usableLocales(['en-US@posix', 'x_y']))).not.toThrow();
  });
});

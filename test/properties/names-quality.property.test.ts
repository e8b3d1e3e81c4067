// Property tests of the name normaliser (crawler/discovery/normalize.ts) and the plausibility rules
// (crawler/quality.ts, crawler/parse/values.ts): total functions over anything a server may send, whose
// outputs keep their promises (a normalised name normalises to itself; a kept count is a plausible integer).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import ipaddr from 'ipaddr.js';
import { normalizeName } from '../../core/server-name.ts';
import { checkCount, COUNT_LIMIT, qualityFlags } from '../../crawler/quality.ts';
import { asBoolean, asText, asTimestamp, asUnixSeconds } from '../../crawler/parse/values.ts';
import { serverSlug } from '../../web/slug.ts';
import { anyJson, countLike, textLike } from './hostile-values.ts';

const RUNS = 2000;

/** Peer-list entries as real lists hold them, and as hostile ones might. */
const entry = fc.oneof(
  fc.domain(),
  fc.webUrl({ withQueryParameters: true, withFragments: true }),
  fc.domain().map((d) => ` ${d.toUpperCase()}.:443/ `),
  fc.tuple(fc.domain(), fc.integer({ min: 0, max: 70000 })).map(([d, p]) => `${d}:${p}`),
  fc.ipV4().map((ip) => `https://${ip}/`),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.ipV4Extended(),
  fc.string({ unit: 'grapheme', maxLength: 40 }).map((s) => `${s}.social`),
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.stringMatching(/^[a-z0-9._-]{1,70}(\.[a-z0-9-]{1,70}){0,4}$/),
  fc.constantFrom('localhost', 'foo.local', 'x.onion', 'a..b', '_dmarc.example.com', 'xn--', 'xn--zz.social', '0x7f.1', '.', '', 'a'.repeat(2000)),
  anyJson,
);

describe('normalizeName', () => {
  it('never throws, and a name it keeps is canonical: it normalises to itself', () => {
    fc.assert(
      fc.property(entry, (raw) => {
        const first = normalizeName(raw);
        if (!first.ok) return;
        expect(normalizeName(first.name)).toEqual(first);
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps only public-looking DNS names: lower-case ASCII labels, a dot, at most 253, never an IP literal', () => {
    fc.assert(
      fc.property(entry, (raw) => {
        const result = normalizeName(raw);
        if (!result.ok) return;
        const { name } = result;
        expect(name).toMatch(/^[a-z0-9-]+(\.[a-z0-9-]+)+$/);
        expect(name.length).toBeLessThanOrEqual(253);
        expect(name.split('.').every((label) => label.length >= 1 && label.length <= 63)).toBe(true);
        expect(ipaddr.isValid(name)).toBe(false);
        // The site can give it a page file name, or says it cannot (web/slug.ts): never a path.
        const slug = serverSlug(name);
        if (slug !== null) expect(slug).not.toMatch(/\/|\.\./);
      }),
      { numRuns: RUNS },
    );
  });

  it('drops every IP literal, with or without scheme, brackets and port', () => {
    fc.assert(
      fc.property(fc.oneof(fc.ipV4(), fc.ipV6().map((ip) => `[${ip}]`), fc.ipV4().map((ip) => `https://${ip}:443/x`)), (ip) => {
        expect(normalizeName(ip)).toMatchObject({ ok: false });
      }),
      { numRuns: RUNS },
    );
  });
});

describe('checkCount and qualityFlags', () => {
  it('never throws; a kept count is an integer in [0, 1e9), anything else is null with a flag or missing', () => {
    fc.assert(
      fc.property(countLike, (value) => {
        const checked = checkCount(value);
        if (checked.value !== null) {
          expect(Number.isInteger(checked.value) && checked.value >= 0 && checked.value < COUNT_LIMIT).toBe(true);
          expect(Object.is(checked.value, -0)).toBe(false);
          expect(checked.flag).toBeUndefined();
        } else if (value === null || value === undefined) {
          expect(checked.flag).toBeUndefined();
        } else {
          expect(['negative', 'fractional', 'not_a_number', 'too_large']).toContain(checked.flag);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('keeps every plausible integer, as a number or as a string of digits', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: COUNT_LIMIT - 1 }), (n) => {
        expect(checkCount(n)).toEqual({ value: n });
        expect(checkCount(String(n))).toEqual({ value: n });
      }),
      { numRuns: RUNS },
    );
  });

  it('flags negatives and fractions, never keeps them', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: -1 }), fc.double({ min: 0, max: 1e8, noNaN: true }), (negative, real) => {
        expect(checkCount(negative)).toEqual({ value: null, flag: 'negative' });
        if (!Number.isInteger(real)) expect(checkCount(real)).toEqual({ value: null, flag: 'fractional' });
      }),
      { numRuns: RUNS },
    );
  });

  it('writes flags as field:flag joined by ";", one per flagged field', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.stringMatching(/^[a-z_]{1,12}$/), countLike, { maxKeys: 6 }), (raw) => {
        const fields = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, checkCount(v)]));
        const flags = qualityFlags(fields);
        const flagged = Object.values(fields).filter((c) => c.flag !== undefined).length;
        if (flagged === 0) expect(flags).toBeNull();
        else expect(flags!.split(';')).toHaveLength(flagged);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('the readers of untrusted JSON values', () => {
  it('never throw; text is trimmed and bounded, dates plausible, booleans only from booleans or their words', () => {
    fc.assert(
      fc.property(textLike, (value) => {
        const text = asText(value);
        if (text !== null) expect(text.length > 0 && text.length <= 200 && text === text.trim()).toBe(true);
        const bool = asBoolean(value);
        if (bool !== null) expect([true, false, 'true', 'false']).toContain(value);
        for (const date of [asTimestamp(value), asUnixSeconds(value)]) {
          if (date !== null) expect(date.getUTCFullYear() >= 2000 && date.getUTCFullYear() < 2100).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

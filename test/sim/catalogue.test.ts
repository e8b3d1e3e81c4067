import { describe, expect, test } from 'vitest';
import { generateCatalogue } from '../../sim/catalogue.ts';
import { FAULT_SHARES, QUIRK_RULES } from '../../sim/catalogue-tables.ts';
import { ALL_SOFTWARE, type JunkReason } from '../../sim/model.ts';
import { existsAt, peersAt, DAY_MS } from '../../sim/figures.ts';
import { publicNameProblem } from '../../sim/public-name.ts';

const options = { seed: 7, aliveCount: 300, deadCount: 100 } as const;
const catalogue = generateCatalogue(options);

/** A JSON picture of a catalogue (Sets and Dates made comparable). */
function snapshot(c: ReturnType<typeof generateCatalogue>): string {
  return JSON.stringify(c.hosts, (_k, v: unknown) => (v instanceof Set ? [...v].sort() : v));
}

describe('generateCatalogue', () => {
  test('is deterministic: the same options give the same hosts, another seed does not', () => {
    expect(snapshot(generateCatalogue(options))).toBe(snapshot(catalogue));
    expect(snapshot(generateCatalogue({ ...options, seed: 8 }))).not.toBe(snapshot(catalogue));
  });

  test('makes the requested number of hosts with unique, valid public names', () => {
    expect(catalogue.hosts).toHaveLength(400);
    expect(catalogue.hosts.filter((h) => h.fault === 'dead')).toHaveLength(100);
    expect(new Set(catalogue.hosts.map((h) => h.name)).size).toBe(400);
    for (const h of catalogue.hosts) expect([h.name, publicNameProblem(h.name)]).toEqual([h.name, null]);
    expect(catalogue.hosts.some((h) => h.unicodeName !== undefined)).toBe(true);
  });

  test('covers every software, fault and quirk', () => {
    const software = new Set(catalogue.hosts.map((h) => h.software));
    expect([...software].sort()).toEqual([...ALL_SOFTWARE].sort());
    const faults = new Set(catalogue.hosts.map((h) => h.fault));
    for (const [fault] of FAULT_SHARES) expect(faults).toContain(fault);
    expect(faults).toContain('gotosocial_default_robots');
    const quirks = new Set(catalogue.hosts.flatMap((h) => [...h.quirks]));
    for (const rule of QUIRK_RULES) expect(quirks).toContain(rule.quirk);
  });

  test('seeds are healthy Mastodon servers that exist from the start', () => {
    expect(catalogue.seeds).toHaveLength(3);
    for (const s of catalogue.seeds) {
      const h = catalogue.byName.get(s);
      expect(h?.software).toBe('mastodon');
      expect(h?.fault).toBe('none');
      expect(h && existsAt(h, catalogue.start)).toBe(true);
    }
  });

  test('peer entries name catalogue hosts or are junk with a reason, and every reason occurs', () => {
    const reasons = new Set<JunkReason>();
    for (const h of catalogue.hosts) {
      for (const e of h.peers) {
        if (e.canonical === null) reasons.add(e.junk as JunkReason);
        else expect(catalogue.byName.has(e.canonical)).toBe(true);
      }
    }
    expect(reasons.size).toBe(8);
  });

  test('new servers appear after the start and are then listed by the first seed', () => {
    const fresh = catalogue.hosts.filter((h) => h.createdAt > catalogue.start);
    expect(fresh.length).toBeGreaterThan(0);
    const seed = catalogue.byName.get(catalogue.seeds[0] as string);
    if (!seed) throw new Error('no seed');
    const listed = (now: Date): Set<string | null> => new Set(peersAt(catalogue, seed, now).map((e) => e.canonical));
    const later = new Date(catalogue.start.getTime() + 14 * DAY_MS);
    for (const h of fresh) {
      expect(existsAt(h, catalogue.start)).toBe(false);
      expect(listed(catalogue.start).has(h.name)).toBe(false);
      expect(listed(later).has(h.name)).toBe(true);
    }
  });

  test('scales to thousands of hosts', () => {
    const big = generateCatalogue({ seed: 1, aliveCount: 4000, deadCount: 1000 });
    expect(big.byName.size).toBe(5000);
  });
});

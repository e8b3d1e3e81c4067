// The index of hostile cases (cases.ts) points at tests that exist: renaming or deleting one of them fails
// here, so a case cannot silently lose its proof. The tests themselves run wherever they live.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { HOSTILE_CASES } from './cases.ts';

describe('the hostile-case index', () => {
  for (const c of HOSTILE_CASES) {
    it(`names live tests for: ${c.threat}`, async () => {
      expect(c.proof.length).toBeGreaterThan(0);
      for (const [file, title] of c.proof) {
        const source = await readFile(file, 'utf8');
        const quoted = [`'${title.replaceAll("'", "\\'")}'`, `"${title}"`, `\`${title}\``];
        expect(quoted.some((q) => source.includes(q)), `${file}: ${title}`).toBe(true);
      }
    });
  }

  it('is the list docs/robustness.md gives readers', async () => {
    const doc = await readFile('docs/robustness.md', 'utf8');
    for (const c of HOSTILE_CASES) expect(doc, c.threat).toContain(c.threat);
  });
});

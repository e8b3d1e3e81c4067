import { describe, expect, it } from 'vitest';
import { judgeReach } from '../../crawler/reach-check.ts';

describe('judgeReach', () => {
  it('refuses a run that reached nobody', () => {
    expect(judgeReach({ attempted: 5, ok: 0 }, null)).toMatchObject({ publish: false, why: expect.stringMatching(/offline/) });
  });
  it('refuses a run whose share fell below half of the previous one', () => {
    const verdict = judgeReach({ attempted: 1000, ok: 40 }, { attempted: 1000, ok: 250 });
    expect(verdict).toMatchObject({ publish: false, why: expect.stringMatching(/4\.0% .* 25\.0%/) });
  });
  it('publishes a normal night, a first night, and runs too small to judge', () => {
    expect(judgeReach({ attempted: 1000, ok: 200 }, { attempted: 1000, ok: 250 })).toEqual({ publish: true });
    expect(judgeReach({ attempted: 1000, ok: 200 }, null)).toEqual({ publish: true });
    expect(judgeReach({ attempted: 10, ok: 1 }, { attempted: 10, ok: 9 })).toEqual({ publish: true });
  });
  it('a larger discovery that lowers the share only a little still publishes (coverage is not collapse)', () => {
    expect(judgeReach({ attempted: 11_115, ok: 4_000 }, { attempted: 1_904, ok: 1_200 })).toEqual({ publish: true });
  });
});

// Charts speak to readers (labels, not column names) and never turn "not reported" into 0.
import { describe, expect, it } from 'vitest';
import { softwareShare, usersOverTime } from '../../web/charts.ts';

describe('charts', () => {
  it('label series for readers and keep the API column for the CSV', () => {
    const chart = usersOverTime('users', 'u.csv', [{ day: '2026-03-02', value: 10, reporting: 1 }], [{ day: '2026-03-02', value: null, reporting: 0 }], 'all');
    expect(chart.series.map((s) => [s.name, s.label])).toEqual([['users_total', 'Users'], ['users_active_month', 'Monthly active users']]);
    expect(chart.labelTitle).toBe('Day (UTC)');
    expect(chart.series[1]!.values).toEqual([null]);
  });

  it('sum the software beyond the largest into one bar, null where none of them reported', () => {
    const software = Array.from({ length: 14 }, (_, i) => ({ name: `s${i}`, servers: 1, users_total: i < 12 ? 100 - i : null, users_active_month: i < 12 ? 10 : null }));
    const chart = softwareShare('software', 's.csv', software, '2026-03-02');
    expect(chart.labels.at(-1)).toBe('2 other software');
    expect(chart.series.map((s) => s.values.at(-1))).toEqual([null, null]);
  });
});

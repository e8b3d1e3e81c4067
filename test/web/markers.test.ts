// Method changes placed on time charts: where each marker goes, and which charts it concerns.
import { describe, expect, it } from 'vitest';
import type { MethodChange } from '../../api/metrics/index.ts';
import { placeMarkers } from '../../web/markers.ts';
import type { ChartData } from '../../web/model.ts';

const chart = (labelHeader: string, labels: string[]): ChartData => ({
  id: 'c', title: 't', description: 'd', kind: 'line', labelHeader, labelTitle: labelHeader, labels, series: [], csv: 'c.csv', note: '',
});
const change = (day: string, kind: MethodChange['kind'], software: string | null = null): MethodChange => ({ day, kind, software, title: `${kind} ${day}`, detail: '' });

describe('placeMarkers', () => {
  const days = chart('day', ['2026-03-02', '2026-03-09', '2026-03-16']);

  it('marks a crawled day on its label, and a day between two crawls between their labels', () => {
    expect(placeMarkers(days, [change('2026-03-02', 'first_crawl'), change('2026-03-03', 'no_crawl'), change('2026-03-16', 'coverage')], null)
      .map((m) => [m.at, m.kind])).toEqual([[0, 'first_crawl'], [0.5, 'no_crawl'], [2, 'coverage']]);
  });

  it('leaves out changes outside the chart, and another software’s changes', () => {
    expect(placeMarkers(days, [change('2026-01-01', 'definition'), change('2026-12-01', 'definition'), change('2026-03-09', 'source', 'lemmy')], 'mastodon')).toEqual([]);
    expect(placeMarkers(days, [change('2026-03-09', 'source', 'lemmy')], 'lemmy').map((m) => m.at)).toEqual([1]);
  });

  it("marks a week chart at the change's week, and leaves charts by name alone", () => {
    expect(placeMarkers(chart('week', ['2026-02-23', '2026-03-02']), [change('2026-03-04', 'first_crawl')], null).map((m) => m.at)).toEqual([1]);
    expect(placeMarkers(chart('software', ['mastodon']), [change('2026-03-04', 'first_crawl')], null)).toEqual([]);
  });
});

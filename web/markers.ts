// Method changes (api/metrics methodChanges) placed on a time chart: each one a marker at the label where it
// takes effect, so a change of method is drawn as such and never read as growth. Pure: the build places
// them, app.js draws them (web/client/draw.ts), the page lists them under the chart for every reader.
import { mondayOf } from '../api/metrics/dates.ts';
import type { MethodChange } from '../api/metrics/index.ts';
import type { ChartData, ChartMarker } from './model.ts';

/**
 * The changes that concern a chart of `software` (null: the whole census, or one server), at the label where
 * they take effect: a day chart marks the crawled day itself, or the gap before the next crawled day
 * (index - 0.5) when the change falls between two; a week chart marks the change's week. Changes outside the
 * chart's labels are left out. Other charts (shares by name) get none.
 */
export function placeMarkers(chart: ChartData, changes: readonly MethodChange[], software: string | null): ChartMarker[] {
  const { labels, labelHeader } = chart;
  if ((labelHeader !== 'day' && labelHeader !== 'week') || labels.length === 0) return [];
  const out: ChartMarker[] = [];
  for (const change of changes) {
    if (change.software !== null && change.software !== software) continue;
    const at = labelHeader === 'week' ? weekIndex(labels, mondayOf(change.day)) : dayIndex(labels, change.day);
    if (at === null) continue;
    out.push({ at, day: change.day, kind: change.kind, title: change.title, detail: change.detail });
  }
  return out;
}

/** The chart with its markers. */
export function withMarkers(chart: ChartData, changes: readonly MethodChange[], software: string | null): ChartData {
  const markers = placeMarkers(chart, changes, software);
  return markers.length > 0 ? { ...chart, markers } : chart;
}

function weekIndex(labels: readonly string[], week: string): number | null {
  const i = labels.indexOf(week);
  return i < 0 ? null : i;
}

function dayIndex(labels: readonly string[], day: string): number | null {
  if (day < labels[0]! || day > labels[labels.length - 1]!) return null;
  const i = labels.findIndex((label) => label >= day);
  return labels[i] === day ? i : i - 0.5;
}

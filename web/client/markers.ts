// A small Chart.js plugin (no annotation library) drawing a chart's method changes as numbered dashed
// vertical lines, and its regions (the weeks backfilled before the first crawl) as shaded stretches with
// their label. The numbers match the list under the chart (web/pages/figure.ts markerList), and the tooltip
// of the point at a marker names it. What it drew is kept for tests (drawnMarkers).
import type { Chart, ChartType, Plugin } from 'chart.js';
import type { ChartMarker, ChartRegion } from '../model.ts';

export interface MarkerOptions {
  readonly markers: readonly ChartMarker[];
  readonly regions: readonly ChartRegion[];
  readonly line: string;
  readonly shade: string;
  readonly text: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    methodMarkers?: MarkerOptions;
  }
}

/** Per chart, the x pixel of each marker and region as last drawn. */
const placed = new WeakMap<Chart, { markers: { title: string; x: number }[]; regions: { label: string; left: number; right: number }[] }>();

export function drawnMarkers(chart: Chart): { markers: { title: string; x: number }[]; regions: { label: string; left: number; right: number }[] } {
  return placed.get(chart) ?? { markers: [], regions: [] };
}

export const methodMarkers: Plugin<ChartType, Partial<MarkerOptions>> = {
  id: 'methodMarkers',
  beforeDatasetsDraw(chart, _args, options) {
    const x = chart.scales['x'];
    if (!options.regions || !x) return;
    const { ctx, chartArea: area } = chart;
    const regions = options.regions.map((r) => {
      const left = Math.max(area.left, x.getPixelForValue(r.from - 0.5));
      const right = Math.min(area.right, x.getPixelForValue(r.to + 0.5));
      ctx.save();
      ctx.fillStyle = options.shade ?? 'transparent';
      ctx.fillRect(left, area.top, right - left, area.bottom - area.top);
      ctx.fillStyle = options.text ?? '#000';
      ctx.font = '12px system-ui, sans-serif';
      ctx.textBaseline = 'top';
      ctx.fillText(r.label, left + 4, area.top + 4, Math.max(40, right - left - 8));
      ctx.restore();
      return { label: r.label, left, right };
    });
    placed.set(chart, { markers: [], regions });
  },
  afterDatasetsDraw(chart, _args, options) {
    const x = chart.scales['x'];
    if (!options.markers || !x) return;
    const { ctx, chartArea: area } = chart;
    const seen = new Map<number, number>();
    const markers = options.markers.map((m, i) => {
      const px = x.getPixelForValue(m.at);
      // Markers at the same place stack their badges downwards instead of hiding one another.
      const stackedBelow = seen.get(m.at) ?? 0;
      seen.set(m.at, stackedBelow + 1);
      const y = area.top + 9 + stackedBelow * 20;
      ctx.save();
      ctx.strokeStyle = options.line ?? '#000';
      ctx.lineWidth = 1.5;
      ctx.setLineDash([5, 4]);
      ctx.beginPath();
      ctx.moveTo(px, area.top);
      ctx.lineTo(px, area.bottom);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = options.line ?? '#000';
      ctx.beginPath();
      ctx.arc(px, y, 9, 0, 2 * Math.PI);
      ctx.fill();
      ctx.fillStyle = '#ffffff';
      ctx.font = 'bold 11px system-ui, sans-serif';
      ctx.textAlign = 'center';
      ctx.textBaseline = 'middle';
      ctx.fillText(String(i + 1), px, y);
      ctx.restore();
      return { title: m.title, x: px };
    });
    placed.set(chart, { markers, regions: placed.get(chart)?.regions ?? [] });
  },
};

/** Tooltip lines for the label at `index`: the method changes that take effect there (or just before it). */
export function markerLines(markers: readonly ChartMarker[], index: number): string[] {
  return markers.flatMap((m, i) => (Math.ceil(m.at) === index ? [`(${i + 1}) Method change: ${m.title}`] : []));
}

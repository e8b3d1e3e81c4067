// Drawing a ChartData on a canvas with Chart.js. Only the pieces used are imported and registered, which is
// what lets esbuild leave the rest of Chart.js out of app.js. Colours come from CSS custom properties, so
// dark mode is the stylesheet's business; charts are redrawn when the system setting changes.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import type { ChartData } from '../model.ts';
import { formatCompact, formatNumber } from './format.ts';
import { drawnMarkers, markerLines, methodMarkers } from './markers.ts';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, LineController, LineElement, PointElement, Tooltip, Legend, methodMarkers);

const drawn: { chart: Chart; data: ChartData }[] = [];

function palette(): { series: string[]; text: string; grid: string; marker: string; shade: string } {
  const style = getComputedStyle(document.documentElement);
  const v = (name: string): string => style.getPropertyValue(name).trim();
  return {
    series: [v('--series-1'), v('--series-2'), v('--series-3'), v('--series-4')],
    text: v('--muted'),
    grid: v('--grid'),
    marker: v('--marker'),
    shade: v('--shade'),
  };
}

function config(data: ChartData): ChartConfiguration {
  const colours = palette();
  const horizontal = data.kind === 'hbar';
  const stacked = data.stacked === true;
  const markers = data.markers ?? [];
  const valueAxis = {
    stacked,
    beginAtZero: true,
    ticks: { color: colours.text, callback: (v: string | number) => formatCompact(Number(v)) },
    grid: { color: colours.grid },
  };
  // The label axis is titled as the table's first column, so the caption, the axis and the table name a week alike.
  const labelAxis = {
    stacked,
    title: { display: !horizontal, text: data.labelTitle, color: colours.text },
    ticks: { color: colours.text, autoSkip: !horizontal, maxRotation: 0 },
    grid: { display: false },
  };
  return {
    type: data.kind === 'line' ? 'line' : 'bar',
    data: {
      labels: [...data.labels],
      datasets: data.series.map((s, i) => ({
        label: s.label,
        data: [...s.values],
        borderColor: colours.series[i % colours.series.length],
        backgroundColor: colours.series[i % colours.series.length],
        pointRadius: data.labels.length > 40 ? 0 : 2,
        borderWidth: data.kind === 'line' ? 2 : 0,
        spanGaps: false,
      })),
    },
    options: {
      // Drawn at once: no animation to wait for, nothing moving for readers who prefer less motion.
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: 'index', intersect: false },
      scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      plugins: {
        legend: { display: data.series.length > 1, labels: { color: colours.text } },
        methodMarkers: { markers, regions: data.regions ?? [], line: colours.marker, shade: colours.shade, text: colours.text },
        tooltip: {
          callbacks: {
            label: (item) => `${item.dataset.label ?? ''}: ${item.raw === null || item.raw === undefined ? 'not reported' : formatNumber(Number(item.raw))}`,
            footer: (items) => {
              const index = items[0]?.dataIndex ?? -1;
              const total = stacked ? items.reduce((n, i) => n + (typeof i.raw === 'number' ? i.raw : 0), 0) : null;
              return [...(total === null ? [] : [`Total: ${formatNumber(total)}`]), ...markerLines(markers, index)];
            },
          },
        },
      },
    },
  };
}

export function drawChart(canvas: HTMLCanvasElement, data: ChartData): Chart {
  const chart = new Chart(canvas, config(data));
  drawn.push({ chart, data });
  return chart;
}

/** The numbers each drawn chart holds, as Chart.js has them: what tests compare with the tables. */
export function drawnCharts(): { id: string; labels: string[]; legend: string[]; series: (number | null)[][] }[] {
  return drawn.map(({ chart, data }) => ({
    id: data.id,
    labels: (chart.data.labels ?? []).map(String),
    legend: chart.data.datasets.map((d) => d.label ?? ''),
    series: chart.data.datasets.map((d) => d.data.map((v) => (v === null ? null : Number(v)))),
  }));
}

/** Per drawn chart: whether its bars are stacked, and the markers and regions the plugin drew (pixels). */
export function drawnAnnotations(): { id: string; stacked: boolean; markers: { title: string; x: number }[]; regions: { label: string; left: number; right: number }[] }[] {
  return drawn.map(({ chart, data }) => ({ id: data.id, stacked: data.stacked === true, ...drawnMarkers(chart) }));
}

if (typeof matchMedia === 'function') {
  matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    for (const { chart, data } of drawn) {
      chart.options = config(data).options ?? {};
      const colours = palette().series;
      chart.data.datasets.forEach((d, i) => {
        d.borderColor = colours[i % colours.length];
        d.backgroundColor = colours[i % colours.length];
      });
      chart.update();
    }
  });
}

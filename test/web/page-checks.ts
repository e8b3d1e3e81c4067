// What the browser tests read off a page: canvas pixels, the numbers Chart.js holds, the table fallbacks.
import type { Page } from 'playwright-core';

export interface ChartNumbers {
  readonly id: string;
  readonly labels: string[];
  /** The series' names as readers see them: the legend of the chart, the column headers of its table. */
  readonly legend: string[];
  readonly series: (number | null)[][];
}

/** Per canvas: how many pixels are painted (alpha > 0). A drawn chart has thousands; a blank one none. */
export function paintedPixels(page: Page): Promise<number[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('canvas')].map((canvas) => {
      const ctx = canvas.getContext('2d');
      if (!ctx || canvas.width === 0 || canvas.height === 0) return 0;
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let painted = 0;
      for (let i = 3; i < data.length; i += 4) if (data[i]! > 0) painted++;
      return painted;
    }),
  );
}

/** The numbers each chart was drawn from, as Chart.js holds them (window.fedicensus.charts()). */
export function drawnCharts(page: Page): Promise<ChartNumbers[]> {
  return page.evaluate(() => (window as unknown as { fedicensus: { charts(): ChartNumbers[] } }).fedicensus.charts());
}

/** Each chart's table fallback read back as numbers: figure id -> labels and one column per series. */
export function tableNumbers(page: Page): Promise<ChartNumbers[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('figure.chart')].map((fig) => {
      const rows = [...fig.querySelectorAll('table tbody tr')];
      const labels = rows.map((r) => r.querySelector('th')?.textContent ?? '');
      const legend = [...fig.querySelectorAll('table thead th')].slice(1).map((th) => th.textContent ?? '');
      const columns = legend.length;
      const series: (number | null)[][] = [];
      for (let c = 0; c < columns; c++) {
        series.push(
          rows.map((r) => {
            const n = (r.querySelectorAll('td')[c] as HTMLElement | undefined)?.dataset.n ?? '';
            return n === '' ? null : Number(n);
          }),
        );
      }
      return { id: fig.dataset.chart ?? '', labels, legend, series };
    }),
  );
}

/** Text of an element by id, and its raw number (data-n). */
export function numberOf(page: Page, id: string): Promise<{ text: string; n: number | null }> {
  return page.evaluate((elId) => {
    const el = document.getElementById(elId);
    const n = el?.dataset.n ?? '';
    return { text: el?.textContent ?? '', n: n === '' ? null : Number(n) };
  }, id);
}

// Writing the site's files: pages, figures JSON and each chart's CSV. Paths are always relative to the
// output directory and checked to stay inside it, since parts of them come from names servers reported,
// and no file is written twice in one build: a reported name that maps onto another page's file (web/slug.ts
// keeps that from happening) fails the build loudly instead of silently replacing the page.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { toCsv } from '../core/csv.ts';
import type { ChartData, FiguresFile } from './model.ts';

export class SiteWriter {
  private files = 0;
  private bytes = 0;
  private readonly dirs = new Set<string>();
  private readonly written = new Set<string>();

  constructor(readonly outDir: string) {}

  get stats(): { readonly files: number; readonly bytes: number } {
    return { files: this.files, bytes: this.bytes };
  }

  /** Writes `content` at `relative` (a '/'-separated path under the output directory). */
  async write(relative: string, content: string | Uint8Array): Promise<void> {
    const full = path.resolve(this.outDir, ...relative.split('/'));
    if (!full.startsWith(path.resolve(this.outDir) + path.sep)) throw new Error(`refusing to write outside the site: ${relative}`);
    if (this.written.has(full)) throw new Error(`refusing to write ${relative} twice: two pages map to one file name`);
    this.written.add(full);
    const dir = path.dirname(full);
    if (!this.dirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.dirs.add(dir);
    }
    await writeFile(full, content);
    this.files++;
    this.bytes += typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
  }

  /** A page's figures file and one CSV per chart (each chart names its own CSV path). */
  async writeFigures(src: string, charts: readonly ChartData[], dataAsOf: string | null): Promise<void> {
    const file: FiguresFile = { dataAsOf, charts: Object.fromEntries(charts.map((c) => [c.id, c])) };
    await this.write(src, JSON.stringify(file));
    for (const chart of charts) await this.write(chart.csv, chartCsv(chart));
  }
}

/**
 * The chart's numbers as CSV: the label column, then one column per series; a null is an empty field; a text
 * cell that a spreadsheet would run as a formula is neutralised (api/http/csv.ts).
 */
export function chartCsv(chart: ChartData): string {
  const columns = [chart.labelHeader, ...chart.series.map((s) => s.name)];
  const rows = chart.labels.map((label, i) => {
    const row: Record<string, string | number | null> = { [chart.labelHeader]: label };
    for (const s of chart.series) row[s.name] = s.values[i] ?? null;
    return row;
  });
  // Chart downloads are meant for spreadsheets, and labels can be what a server reported (versions).
  return toCsv(columns, rows, { forSpreadsheets: true });
}

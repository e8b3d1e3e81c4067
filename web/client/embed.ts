// The chart-only page that other sites embed in an iframe: embed.html?src=figures/...json&chart=<id>.
// Only figures files of this site are accepted, so the page cannot be made to show someone else's data
// under fedicensus's name. The chart fills the frame's height; a source line links back to the figure.
// Colours are light unless the snippet says theme=dark, so the frame matches the article around it.
import type { ChartData } from '../model.ts';
import { drawChart } from './draw.ts';
import { isFiguresPath, loadFigures, siteRoot } from './figures.ts';
import { formatNumber } from './format.ts';

export async function initEmbed(): Promise<void> {
  const main = document.getElementById('embed');
  if (!main) return;
  const params = new URLSearchParams(location.search);
  document.documentElement.dataset.theme = embedTheme(params);
  const src = params.get('src') ?? '';
  const id = params.get('chart') ?? '';
  if (!isFiguresPath(src)) {
    main.replaceChildren(text('p', 'No such chart.', 'status'));
    return;
  }
  const file = await loadFigures(src);
  const data = file.charts[id];
  if (!data) {
    main.replaceChildren(text('p', 'No such chart.', 'status'));
    return;
  }
  const fig = document.createElement('figure');
  fig.className = 'chart';
  fig.dataset.chart = id;
  const box = document.createElement('div');
  box.className = 'canvas-box';
  const canvas = document.createElement('canvas');
  canvas.setAttribute('role', 'img');
  canvas.setAttribute('aria-label', data.description);
  box.append(canvas);
  const source = document.createElement('figcaption');
  const link = document.createElement('a');
  link.href = new URL(pageOf(src), siteRoot()).href + `#chart-${id}`;
  link.target = '_blank';
  link.rel = 'noopener';
  link.textContent = `fedicensus${file.dataAsOf ? `, data as of ${file.dataAsOf}` : ''}`;
  source.append('Source: ', link, '. ', data.note);
  const details = document.createElement('details');
  details.append(text('summary', 'Table'), table(data));
  fig.append(text('h1', data.title), box, source, details);
  if (data.markers?.length) {
    // The numbered lines on the chart are changes of method: the frame names them too.
    const marked = document.createElement('details');
    const list = document.createElement('ol');
    list.className = 'markers';
    list.append(...data.markers.map((m) => text('li', `${m.day}: ${m.title}.`)));
    marked.append(text('summary', 'Changes of method marked'), list);
    fig.append(marked);
  }
  main.replaceChildren(fig);
  drawChart(canvas, data);
}

/** ?theme=dark or ?theme=light (the default): the embedding page's choice, whatever its reader's setting. */
export function embedTheme(params: URLSearchParams): 'light' | 'dark' {
  return params.get('theme')?.toLowerCase() === 'dark' ? 'dark' : 'light';
}

/** The page a figures file belongs to: figures/overview.json -> index.html, figures/software/x.json -> software/x.html. */
function pageOf(src: string): string {
  if (src === 'figures/overview.json') return 'index.html';
  return src.replace(/^figures\//, '').replace(/\.json$/, '.html');
}

function table(data: ChartData): HTMLTableElement {
  const t = document.createElement('table');
  const head = t.createTHead().insertRow();
  for (const name of [data.labelTitle, ...data.series.map((s) => s.label)]) head.append(text('th', name));
  const body = t.createTBody();
  data.labels.forEach((label, i) => {
    const row = body.insertRow();
    row.append(text('th', label));
    for (const s of data.series) {
      const v = s.values[i] ?? null;
      const cell = text('td', v === null ? '–' : formatNumber(v), 'n');
      cell.dataset.n = v === null ? '' : String(v);
      row.append(cell);
    }
  });
  return t;
}

function text<K extends keyof HTMLElementTagNameMap>(tag: K, content: string, className?: string): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  el.textContent = content;
  if (className) el.className = className;
  return el;
}

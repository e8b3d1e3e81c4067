// One chart as markup: a canvas (drawn by app.js from the figures file), the same numbers as a table (so
// the figure reads without JavaScript, with a screen reader, or when copied), and the tools a journalist
// needs: the CSV, a permalink, an embed snippet. Table cells carry the raw number in data-n; app.js
// reformats them for the reader's locale.
import { html, type Html } from '../html.ts';
import type { ChartData } from '../model.ts';

export interface FigureOptions {
  readonly root: string;
  /** The figures file holding the chart, relative to the site root. */
  readonly src: string;
}

export function figure(chart: ChartData, options: FigureOptions): Html {
  const { root } = options;
  const anchor = `chart-${chart.id}`;
  const embedSrc = `embed.html?src=${encodeURIComponent(options.src)}&chart=${encodeURIComponent(chart.id)}&theme=light`;
  const snippet = embedSnippet(embedSrc, chart.title);
  const empty = chart.labels.length === 0;
  return html`<figure class="chart" id="${anchor}" data-src="${options.src}" data-chart="${chart.id}">
<h3>${chart.title}</h3>
${empty
    ? html`<p class="empty">No data yet for this chart.</p>`
    : html`<div class="canvas-box"><canvas role="img" aria-label="${chart.description}"></canvas></div>`}
<figcaption>${chart.note}</figcaption>
${markerList(chart)}
<details class="table">
<summary>Table: the numbers of this chart</summary>
<div class="scroll">${chartTable(chart)}</div>
</details>
<ul class="tools">
<li><a href="${root}${chart.csv}" download>Download this data (CSV)</a></li>
<li><a class="permalink" href="#${anchor}">Permalink</a></li>
<li><details class="embed-code"><summary>Embed</summary>
<label>Paste into your page (on a dark page, change <code>theme=light</code> to <code>theme=dark</code>): <textarea readonly rows="3" data-embed="${embedSrc}">${snippet}</textarea></label>
</details></li>
</ul>
</figure>`;
}

/** The chart's method changes, numbered as their markers: the same facts for readers without the canvas. */
export function markerList(chart: ChartData): Html {
  const markers = chart.markers ?? [];
  if (markers.length === 0) return html``;
  return html`<div class="markers"><p>Marked on this chart: changes of method, not growth.</p><ol>${markers.map(
    (m) => html`<li data-kind="${m.kind}"><time datetime="${m.day}">${m.day}</time>: <strong>${m.title}</strong>. ${m.detail}</li>`,
  )}</ol></div>`;
}

export function chartTable(chart: ChartData): Html {
  return html`<table>
<caption>${chart.title}</caption>
<thead><tr><th scope="col">${chart.labelTitle}</th>${chart.series.map((s) => html`<th scope="col">${s.label}</th>`)}</tr></thead>
<tbody>${chart.labels.map(
    (label, i) =>
      html`<tr><th scope="row">${label}</th>${chart.series.map((s) => numberCell(s.values[i] ?? null))}</tr>\n`,
  )}</tbody>
</table>`;
}

export function numberCell(value: number | null): Html {
  return value === null ? html`<td class="n" data-n="">not reported</td>` : html`<td class="n" data-n="${value}">${value}</td>`;
}

/** The iframe a host page pastes; app.js rewrites the src to this site's absolute URL. */
export function embedSnippet(src: string, title: string): string {
  return `<iframe src="${src}" title="${title.replace(/[&<>"']/g, '')} (fedicensus)" width="100%" height="420" style="border:0" loading="lazy"></iframe>`;
}

// app.js: the one script of every page. Pages are complete without it (tables hold every number); it adds
// the charts, locale formatting, absolute embed snippets, the server finder and the figure checker.
import { drawChart, drawnAnnotations, drawnCharts } from './draw.ts';
import { loadFigures, siteRoot } from './figures.ts';
import { formatNumbersIn } from './format.ts';
import { initCheck, lastCheck } from './check.ts';
import { initEmbed } from './embed.ts';
import { initFind } from './find.ts';
import { initClaim, lastClaim } from './claim.ts';
import { initReference, lastReference } from './reference.ts';

async function drawFigures(): Promise<void> {
  const figures = [...document.querySelectorAll<HTMLElement>('figure.chart[data-src]')];
  await Promise.all(
    figures.map(async (fig) => {
      const canvas = fig.querySelector('canvas');
      if (!canvas) return; // a chart with no data yet has no canvas
      const file = await loadFigures(fig.dataset.src ?? '');
      const data = file.charts[fig.dataset.chart ?? ''];
      if (!data) throw new Error(`chart ${fig.dataset.chart} missing from ${fig.dataset.src}`);
      drawChart(canvas, data);
    }),
  );
}

/** Embed snippets are written with a relative src; a host page needs this site's absolute address. */
function absoluteEmbedSnippets(): void {
  for (const area of document.querySelectorAll<HTMLTextAreaElement>('textarea[data-embed]')) {
    const absolute = new URL(area.dataset.embed ?? '', siteRoot()).href;
    area.value = area.value.replace(/src="[^"]*"/, `src="${absolute.replace(/"/g, '%22')}"`);
    area.addEventListener('focus', () => area.select());
  }
}

async function start(): Promise<void> {
  formatNumbersIn(document);
  if (document.body.classList.contains('embed')) {
    await initEmbed();
    return;
  }
  absoluteEmbedSnippets();
  initFind();
  // initCheck, initReference and initClaim return at once on a page without their form or section.
  await Promise.all([drawFigures(), initCheck(), initReference(), initClaim()]);
}

const ready = start().then(
  () => {
    performance.mark('fedicensus-ready'); // what bench/site/ measures: every chart drawn
    document.documentElement.dataset.ready = 'true';
  },
  (err: unknown) => {
    document.documentElement.dataset.ready = 'error';
    const note = document.createElement('p');
    note.className = 'status error';
    note.setAttribute('role', 'alert');
    note.textContent = `Some charts could not be drawn (${(err as Error).message}); the tables below each chart hold the same numbers.`;
    document.querySelector('main')?.prepend(note);
  },
);

// A small window onto the page for tests and for the curious (the numbers each chart holds).
(window as unknown as { fedicensus: unknown }).fedicensus = { ready, charts: drawnCharts, annotations: drawnAnnotations, check: lastCheck, reference: lastReference, claim: lastClaim };

// "Is this claim right?": a reader types a quoted figure, its metric and dates; app.js (web/client/claim.ts)
// answers from figures/history.json with the census's figure and the reference series' for the same span,
// the closest matching published day, and what would explain a difference. The state lives in the URL.
import type { SiteData } from '../collect.ts';
import { CLAIM_METRIC_LABELS, CLAIM_METRICS } from '../client/reference-figures.ts';
import { html } from '../html.ts';
import { HISTORY_FIGURES } from './history.ts';
import { page } from './layout.ts';

export function claimPage(data: SiteData): string {
  const body = html`<h1>Is this claim right?</h1>
<p>Type a figure as it was quoted, what it counts and the dates it is about. The answer gives the census's own
figure and the official series (published by Mastodon) for the same span, the published day that matches the
figure best, and what would explain a difference.</p>
<form id="claim" class="check" data-src="${HISTORY_FIGURES}">
<div><label for="claim-value">Quoted figure</label><input id="claim-value" name="value" required placeholder="1.5 million" autocomplete="off"></div>
<div><label for="claim-metric">It counts</label><select id="claim-metric" name="metric">${CLAIM_METRICS.map(
    (m) => html`<option value="${m}">${CLAIM_METRIC_LABELS[m]}</option>`,
  )}</select></div>
<div><label for="claim-from">From (for a span)</label><input id="claim-from" name="from" type="date"></div>
<div><label for="claim-to">Day (or end of the span)</label><input id="claim-to" name="to" type="date" required></div>
<div><button type="submit">Check the claim</button></div>
</form>
<section id="claim-result" aria-live="polite" aria-labelledby="claim-heading">
<h2 id="claim-heading">The answer</h2>
<p class="status">${data.dataAsOf ? 'Type a figure and its dates.' : 'The census has no data yet.'}</p>
<p id="claim-verdict" class="verdict"></p>
<dl class="figures" hidden>
<div><dt>Published by Mastodon, same span</dt><dd id="claim-reference" data-n=""></dd></div>
<div><dt>Closest published day</dt><dd id="claim-closest"></dd></div>
<div><dt>The census</dt><dd id="claim-census" data-n=""></dd></div>
</dl>
<p id="claim-census-text"></p>
<h3>Where the series passed this figure</h3>
<ul id="claim-crossings"></ul>
<h3>What would explain a difference</h3>
<ul id="claim-explanations"></ul>
<p><a id="claim-permalink" href="claim.html">Permalink to this answer</a></p>
</section>
<p>Definitions: <a href="methodology.html">methodology</a>. Compare a span in full: <a href="check.html">Check a figure</a>.</p>`;
  return page({
    title: 'Is this claim right?',
    description: 'Check a quoted fediverse figure against the census and the official series for the same dates.',
    root: '',
    section: 'check',
    dataAsOf: data.dataAsOf,
    body,
    preload: [HISTORY_FIGURES],
  });
}

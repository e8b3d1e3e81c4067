// The check page's section "Beside it, the official series": for the span asked, what the reference series
// (published by Mastodon) says, what the census's own sources say, and why the two differ. Filled in by
// app.js (web/client/reference.ts) from figures/history.json; the page links the series' own data.
import { html, type Html } from '../html.ts';
import { HISTORY_FIGURES } from './history.ts';

export function referenceSection(): Html {
  return html`<section id="reference" class="reference" aria-live="polite" aria-labelledby="reference-heading" data-src="${HISTORY_FIGURES}">
<h2 id="reference-heading">Beside it, the official series</h2>
<p class="status">Loading the official series…</p>
<div class="reference-figures" hidden>
<h3>What the census's sources say</h3>
<dl class="figures">
<div><dt>Users joined (activity windows)</dt><dd id="reference-census-users" data-n=""></dd></div>
</dl>
<p id="reference-census-span"></p>
<h3 id="reference-published-by">Published by Mastodon</h3>
<dl class="figures">
<div><dt>Change in users (accounts)</dt><dd id="reference-users" data-n=""></dd></div>
<div><dt>Change in servers</dt><dd id="reference-servers" data-n=""></dd></div>
<div><dt>Monthly active users on the last day</dt><dd id="reference-active" data-n=""></dd></div>
</dl>
<p id="reference-span"></p>
<p id="reference-quote" hidden></p>
<h3>Why the two differ</h3>
<ul id="reference-reasons"></ul>
<p id="reference-definition" class="definition"></p>
<p>The whole series: <a href="api/v1/reference?source=joinmastodon&amp;format=csv">CSV from the API</a> (when served by fedicensus serve).
Test a quoted figure: <a href="claim.html">Is this claim right?</a></p>
</div>
</section>`;
}

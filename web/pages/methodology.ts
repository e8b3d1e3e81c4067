// The methodology page: docs/methodology.md rendered (the one place the definitions are written), preceded
// by this edition's coverage. Definitions the API serves (api/metrics/definitions.ts) that the document does
// not hold word for word are listed after it, so the page never lacks one while the two are out of step.
import { ANOMALY_KINDS, DEFINITIONS } from '../../api/metrics/index.ts';
import type { SiteData } from '../collect.ts';
import { html, raw, type Html } from '../html.ts';
import { renderMarkdown } from '../markdown.ts';
import { page } from './layout.ts';

/**
 * What the page must explain beyond the definitions (the crawler's manners, what is left out, how to opt
 * out), as the README states them. Each is added only while docs/methodology.md has no heading on it.
 */
const SECTIONS: readonly { readonly heading: RegExp; readonly markdown: string }[] = [
  {
    heading: /crawler|crawl behaviour|how .* crawl/i,
    markdown: `## How the crawler behaves

fedicensus reads \`/robots.txt\` first and honours it for the product token \`fedicensus\` and for \`*\`; a server
that disallows NodeInfo sees only \`/robots.txt\`. It makes one request at a time per server, at most 12 per server
per crawl, honours 429 and \`Retry-After\`, caps time and size of every request, follows at most 5 redirects on
the same host, and never connects to private, loopback or link-local addresses.`,
  },
  {
    heading: /left out|exclu|what .* not count/i,
    markdown: `## What is left out, and why

- Servers that disallow \`fedicensus\` (or \`*\`) in robots.txt: counted as "disallowed" in coverage, never in figures.
- Servers on the operator's exclude list: their history is removed.
- Implausible values (negative, fractional, not a number, one billion or more) are stored as missing and flagged.
- Self-reported counts are not audited: some servers count bots, deleted or never-confirmed accounts, which inflates users.`,
  },
  {
    heading: /opt.?out/i,
    markdown: `## How to opt out

Disallow \`fedicensus\` (or \`*\`) in your robots.txt, or ask the operator to add your server to \`data/exclude.txt\`.`,
  },
];

/** The document without its title (the page has its own), plus any required section it does not have yet. */
function methodologyMarkdown(markdown: string | null): string {
  const doc = (markdown ?? '').replace(/^\s*# [^\n]*\n/, '');
  const headings = [...doc.matchAll(/^#{2,6} (.*)$/gm)].map((m) => m[1]!);
  const added = SECTIONS.filter((s) => !headings.some((h) => s.heading.test(h))).map((s) => s.markdown);
  return [doc, ...added].join('\n\n');
}

export function methodologyPage(data: SiteData, markdown: string | null): string {
  const doc = renderMarkdown(methodologyMarkdown(markdown));
  const missing = Object.entries(DEFINITIONS).filter(([, text]) => !(markdown ?? '').includes(text));
  const toc = doc.headings.filter((h) => h.level === 2);
  const body = html`<h1>Methodology</h1>
${edition(data)}
${toc.length > 2 ? html`<nav aria-label="Contents" class="toc"><h2>Contents</h2><ul>${toc.map((h) => html`<li><a href="#${h.id}">${h.text}</a></li>`)}</ul></nav>` : ''}
<article class="prose">${raw(doc.html)}</article>
${anomalyList(data)}
${missing.length > 0
    ? html`<section aria-labelledby="definitions-api"><h2 id="definitions-api">Definitions</h2>
<p>As the API serves them with every figure:</p>
<dl class="definitions">${missing.map(([name, text]) => html`<dt id="def-${name}"><code>${name}</code></dt><dd>${text}</dd>`)}</dl></section>`
    : ''}`;
  return page({
    title: 'Methodology',
    description: 'How fedicensus counts servers and users: definitions, coverage, what is excluded and how to opt out.',
    root: '',
    section: 'methodology',
    dataAsOf: data.dataAsOf,
    body,
  });
}

/** At most this many anomalies are listed; the API lists them all (GET /api/v1/anomalies). */
export const ANOMALIES_LISTED = 500;

/** The anomalies of the latest day, as anomaliesOn gives them: what users_joined leaves out (see above). */
function anomalyList(data: SiteData): Html {
  const day = data.dataAsOf;
  if (!day) return html``;
  const rows = data.anomalies;
  const counts = ANOMALY_KINDS.map((kind) => ({ kind, n: rows.filter((r) => r.kind === kind).length }));
  const shown = rows.slice(0, ANOMALIES_LISTED);
  return html`<section aria-labelledby="anomalies-flagged"><h2 id="anomalies-flagged">Anomalies flagged on <time datetime="${day}">${day}</time></h2>
<p>${counts.map((c, i) => html`${i > 0 ? ', ' : ''}<code>${c.kind}</code>: <span data-n="${c.n}">${c.n}</span>`)}.
The definitions are under "Anomalies" above; the API lists any day's (<code>GET /api/v1/anomalies?day=&amp;kind=&amp;format=csv</code>).</p>
${shown.length === 0
    ? html`<p>No server was flagged that day.</p>`
    : html`<table class="anomalies"><thead><tr><th scope="col">Server</th><th scope="col">Kind</th><th scope="col">Why</th></tr></thead>
<tbody>${shown.map((r) => html`<tr><td>${r.domain}</td><td><code>${r.kind}</code></td><td>${r.detail}</td></tr>`)}</tbody></table>
${rows.length > shown.length ? html`<p>The first ${shown.length} of ${rows.length}, by kind then name.</p>` : ''}`}
</section>`;
}

function edition(data: SiteData): Html {
  const s = data.summary;
  if (!s) return html`<p>The census has no data yet.</p>`;
  const c = s.coverage;
  const notReached = Math.max(0, c.known - c.ok);
  return html`<section aria-labelledby="edition"><h2 id="edition">Coverage of this edition</h2>
<p>On <time datetime="${s.day}">${s.day}</time> the census knew <span data-n="${c.known}">${c.known}</span> servers
(excluded servers left out), contacted <span data-n="${c.attempted}">${c.attempted}</span> and read
<span data-n="${c.ok}">${c.ok}</span>; <span data-n="${notReached}">${notReached}</span> were not counted that day
(unreachable, no NodeInfo, invalid answers, or not attempted), of which <span data-n="${c.disallowed}">${c.disallowed}</span>
asked not to be (robots.txt). Of the servers read, <span data-n="${s.servers - s.reporting.users_total}">${s.servers - s.reporting.users_total}</span>
gave no plausible user count and <span data-n="${s.servers - s.reporting.users_active_month}">${s.servers - s.reporting.users_active_month}</span>
no plausible monthly active users: their figures are missing from the sums, not zero.</p>
<p>The census began on <time datetime="${data.firstDay ?? ''}">${data.firstDay ?? '–'}</time>.</p></section>`;
}

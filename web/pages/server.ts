// One page per server with a snapshot: what it is, when the census first and last reached it, and its
// history as it reported it.
import type { MethodChange, ServerRecord } from '../../api/metrics/index.ts';
import { displayServerName } from '../../core/server-name.ts';
import { withMarkers } from '../markers.ts';
import { serverActivity, serverHistory } from '../charts.ts';
import { html } from '../html.ts';
import type { ChartData } from '../model.ts';
import { softwareSlug } from '../slug.ts';
import { figure } from './figure.ts';
import { page } from './layout.ts';

/** What each creation-time source is, in a reader's words (docs/methodology.md, "Creation times"). */
const CREATED_FROM: Readonly<Record<string, string>> = {
  mastodon_contact_account: 'when its contact account was created',
  lemmy_site_published: 'when its Lemmy site was set up',
  misskey_first_local_user: 'when its oldest listed account was created',
  peertube_root_account: 'when its PeerTube root account was created',
};

/** "2019-03-05 or earlier (when ...)": a creation time is a time the server existed by, not its install. */
export function createdText(record: Pick<ServerRecord, 'created_at' | 'created_at_source'>): string {
  if (!record.created_at) return 'not exposed';
  const from = record.created_at_source ? CREATED_FROM[record.created_at_source] : undefined;
  return `${record.created_at.slice(0, 10)} or earlier${from ? ` (${from})` : ''}`;
}

export function serverFigures(slug: string): string {
  return `figures/servers/${slug}.json`;
}

/** A server's charts, marked with the census-wide method changes (a server's own figures have none of their own). */
export function serverCharts(record: ServerRecord, slug: string, changes: readonly MethodChange[] = []): ChartData[] {
  const base = `figures/servers/${slug}`;
  const charts = [serverHistory('history', `${base}-history.csv`, record.domain, record.history)];
  if (record.activity.length > 0) charts.push(serverActivity('activity', `${base}-activity.csv`, record.domain, record.activity));
  return charts.map((c) => withMarkers(c, changes, null));
}

export function serverPage(record: ServerRecord, slug: string, charts: readonly ChartData[], dataAsOf: string | null): string {
  const root = '../';
  const flagged = record.history.filter((h) => h.quality);
  const software = record.software;
  // People read an internationalised name in its own script (U-labels); the page and links use the A-labels.
  const name = displayServerName(record.domain);
  const body = html`<h1>${name}</h1>${name !== record.domain ? html`
<p class="a-labels"><code>${record.domain}</code></p>` : ''}
<dl class="facts">
<div><dt>Software</dt><dd>${software ? html`<a href="${root}software/${encodeURIComponent(softwareSlug(software))}.html">${software}</a>` : '–'} ${record.version ?? ''}</dd></div>
<div><dt>Known since</dt><dd><time datetime="${record.first_seen}">${record.first_seen}</time></dd></div>
<div><dt>First reached</dt><dd>${record.first_seen_ok ?? '–'}</dd></div>
<div><dt>Last reached</dt><dd>${record.last_seen_ok ?? '–'}</dd></div>
<div><dt>Latest attempt</dt><dd>${record.last_attempt ?? '–'}: ${record.status ?? 'not yet attempted'}</dd></div>
<div><dt>Created</dt><dd>${createdText(record)} <a href="${root}methodology.html#creation-times">how we know</a></dd></div>
</dl>
<p><a href="https://${record.domain}/" rel="nofollow noopener">Visit ${name}</a></p>
${charts.map((c) => figure(c, { root, src: serverFigures(slug) }))}
${flagged.length > 0
    ? html`<section aria-labelledby="flags"><h2 id="flags">Values left out</h2>
<p>On these days a figure failed the plausibility rules and is not counted (see <a href="${root}methodology.html">methodology</a>):</p>
<ul>${flagged.map((h) => html`<li><time datetime="${h.day}">${h.day}</time>: <code>${h.quality}</code></li>`)}</ul></section>`
    : ''}`;
  return page({
    title: name,
    description: `Users and activity of the fediverse server ${name} over time.`,
    root,
    section: 'server',
    dataAsOf,
    body,
    preload: [serverFigures(slug)],
  });
}

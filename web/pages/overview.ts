// The overview: the headline figures a journalist quotes (with their date and coverage), growth over time,
// weekly joins, and the share by software.
import type { SiteData } from '../collect.ts';
import { serversBars, softwareShare, usersJoinedBars, usersOverTime } from '../charts.ts';
import { html, type Html } from '../html.ts';
import type { ChartData } from '../model.ts';
import { withMarkers } from '../markers.ts';
import { figure, numberCell } from './figure.ts';
import { leftOutSection } from './left-out.ts';
import { page } from './layout.ts';

export const OVERVIEW_FIGURES = 'figures/overview.json';

export function overviewCharts(data: SiteData): ChartData[] {
  const scope = 'all servers';
  const charts = [
    usersOverTime('users', 'figures/overview-users.csv', data.all.users, data.all.active, scope),
    usersJoinedBars('users-joined', 'figures/overview-users-joined.csv', data.all.usersWeekly, scope, data.dataAsOf, data.firstDay),
    serversBars('servers-joined', 'figures/overview-servers-joined.csv', data.all.serversWeekly, scope, data.dataAsOf, data.summary?.creation_times ?? null),
  ].map((c) => withMarkers(c, data.methodChanges, null));
  if (data.summary) charts.push(softwareShare('software', 'figures/overview-software.csv', data.summary.software, data.summary.day));
  return charts;
}

/** `extra`: a section after the charts (web/pages/history.ts: where the figures come from). */
export function overviewPage(data: SiteData, charts: readonly ChartData[], extra?: Html): string {
  const root = '';
  const s = data.summary;
  const body = html`<h1>How big is the fediverse?</h1>
${s ? headline(data) : html`<p class="status">The census has no data yet. Run <code>fedicensus crawl</code>, then build the site again.</p>`}
<section aria-labelledby="growth"><h2 id="growth">Over time</h2>
${charts.filter((c) => c.id !== 'software').map((c) => figure(c, { root, src: OVERVIEW_FIGURES }))}
</section>
${s ? html`<section aria-labelledby="by-software"><h2 id="by-software">By software</h2>
${charts.filter((c) => c.id === 'software').map((c) => figure(c, { root, src: OVERVIEW_FIGURES }))}
${softwareList(data)}
</section>` : ''}
${extra ?? ''}
<section aria-labelledby="find"><h2 id="find">Find a server</h2>
<form class="find-server" data-root="${root}" action="#find">
<label for="find-domain">Server name</label>
<input id="find-domain" name="domain" autocomplete="off" spellcheck="false" placeholder="example.social" required>
<button type="submit">Show its history</button>
<p class="status" role="status" aria-live="polite"></p>
</form>
</section>`;
  return page({
    title: 'The fediverse in figures',
    description: 'How many servers and users the fediverse has, and how fast it grows: an open census with definitions and data.',
    root,
    section: 'overview',
    dataAsOf: data.dataAsOf,
    body,
    preload: [OVERVIEW_FIGURES],
  });
}

function headline(data: SiteData): Html {
  const s = data.summary!;
  const c = s.coverage;
  return html`<section class="headline" aria-labelledby="latest">
<h2 id="latest">On <time datetime="${s.day}" data-day="${s.day}">${s.day}</time></h2>
<dl>
<div><dt>Servers</dt><dd id="headline-servers" data-n="${s.servers}">${s.servers}</dd></div>
<div><dt>Users</dt><dd id="headline-users" data-n="${s.users_total ?? ''}">${s.users_total ?? 'not reported'}</dd></div>
<div><dt>Monthly active users</dt><dd id="headline-active" data-n="${s.users_active_month ?? ''}">${s.users_active_month ?? 'not reported'}</dd></div>
</dl>
${leftOutSection(s, data.anomalies, '')}
<p class="coverage" id="headline-coverage">Coverage: <span data-n="${c.ok}">${c.ok}</span> servers reached of <span data-n="${c.known}">${c.known}</span> known
(<span data-pct="${c.known ? c.ok / c.known : 0}">${c.known ? Math.round((c.ok / c.known) * 100) : 0}%</span>);
<span data-n="${c.disallowed}">${c.disallowed}</span> asked not to be counted (robots.txt).
Users are summed over <span data-n="${s.reporting.users_total}">${s.reporting.users_total}</span> servers that reported them,
monthly actives over <span data-n="${s.reporting.users_active_month}">${s.reporting.users_active_month}</span>.
Data as of <time datetime="${s.day}">${s.day}</time> (UTC). <a href="methodology.html">Definitions</a>.</p>
</section>`;
}

function softwareList(data: SiteData): Html {
  const rows = [...data.summary!.software].sort((a, b) => (b.users_total ?? -1) - (a.users_total ?? -1) || a.name.localeCompare(b.name));
  const pages = new Map(data.software.map((s) => [s.software, s.slug]));
  return html`<details class="table"><summary>Every software on ${data.summary!.day}</summary><div class="scroll"><table>
<caption>Servers and users by software on ${data.summary!.day}</caption>
<thead><tr><th scope="col">Software</th><th scope="col">Servers</th><th scope="col">Users</th><th scope="col">Monthly active users</th></tr></thead>
<tbody>${rows.map((r) => {
    const slug = pages.get(r.name);
    const name = slug ? html`<a href="software/${encodeURIComponent(slug)}.html">${r.name}</a>` : html`${r.name}`;
    return html`<tr><th scope="row">${name}</th><td class="n" data-n="${r.servers}">${r.servers}</td>${numberCell(r.users_total)}${numberCell(r.users_active_month)}</tr>\n`;
  })}</tbody></table></div></details>`;
}

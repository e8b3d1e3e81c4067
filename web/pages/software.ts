// One page per software (the software each server ran when last reached, servers.software), with the
// overview's charts for that software alone, its versions and its largest servers; and an index of them.
import { softwareTallies, versionTally } from '../../api/metrics/index.ts';
import type { SiteData, SoftwareData } from '../collect.ts';
import type { MethodChange } from '../../api/metrics/index.ts';
import { serversBars, usersJoinedBars, usersOverTime, versionBars } from '../charts.ts';
import { withMarkers } from '../markers.ts';
import { html } from '../html.ts';
import type { ChartData } from '../model.ts';
import { serverSlug, softwareSlug } from '../slug.ts';
import { figure } from './figure.ts';
import { page } from './layout.ts';

/** Servers listed on a software page; the full list is in its CSV. */
export const LISTED_SERVERS = 100;

export function softwareFigures(s: SoftwareData): string {
  return `figures/software/${s.slug}.json`;
}

export function softwareCharts(data: SiteData, s: SoftwareData): ChartData[] {
  const base = `figures/software/${s.slug}`;
  const creation = data.summary?.creation_times.by_software.find((c) => c.name === s.software) ?? null;
  const mark = (c: ChartData): ChartData => withMarkers(c, data.methodChanges, s.software);
  return [
    mark(usersOverTime('users', `${base}-users.csv`, s.users, s.active, s.software)),
    mark(usersJoinedBars('users-joined', `${base}-users-joined.csv`, s.usersWeekly, s.software, data.dataAsOf, data.firstDay)),
    mark(serversBars('servers-joined', `${base}-servers-joined.csv`, s.serversWeekly, s.software, data.dataAsOf, creation)),
    versionBars('versions', `${base}-versions.csv`, versionTally(s.listings), s.software),
  ];
}

export function softwarePage(data: SiteData, s: SoftwareData, charts: readonly ChartData[]): string {
  const root = '../';
  const src = softwareFigures(s);
  const latest = s.servers[s.servers.length - 1];
  const users = s.users[s.users.length - 1];
  const active = s.active[s.active.length - 1];
  const body = html`<h1>${s.software}</h1>
<p>Servers whose latest snapshot reported the software <strong>${s.software}</strong>, over their whole history.
${latest ? html`On <time datetime="${latest.day}">${latest.day}</time>: <span data-n="${latest.value}">${latest.value}</span> servers reached,
<span data-n="${users?.value ?? ''}">${users?.value ?? 'not reported'}</span> users, <span data-n="${active?.value ?? ''}">${active?.value ?? 'not reported'}</span> monthly active users.` : ''}
<a href="${root}check.html?software=${encodeURIComponent(s.software)}">Check a figure for ${s.software}</a>.</p>
${charts.map((c) => figure(c, { root, src }))}
<section aria-labelledby="servers"><h2 id="servers">Largest servers</h2>
<p>${s.listings.length > LISTED_SERVERS ? `The ${LISTED_SERVERS} with most users of ${s.listings.length}; ` : ''}figures from each server's latest snapshot.
<a href="${root}figures/software/${s.slug}-servers.csv" download>All ${s.listings.length} servers (CSV)</a>.</p>
<div class="scroll"><table>
<caption>Servers running ${s.software}</caption>
<thead><tr><th scope="col">Server</th><th scope="col">Version</th><th scope="col">Day</th><th scope="col">Users</th><th scope="col">Monthly active users</th></tr></thead>
<tbody>${s.listings.slice(0, LISTED_SERVERS).map((l) => {
    const slug = serverSlug(l.domain);
    return html`<tr><th scope="row">${slug ? html`<a href="${root}servers/${slug}.html">${l.domain}</a>` : l.domain}</th><td>${l.version ?? '–'}</td><td>${l.day}</td><td class="n" data-n="${l.users_total ?? ''}">${l.users_total ?? '–'}</td><td class="n" data-n="${l.users_active_month ?? ''}">${l.users_active_month ?? '–'}</td></tr>\n`;
  })}</tbody></table></div>
</section>`;
  return page({
    title: `${s.software} in the fediverse`,
    description: `Servers, users and monthly active users of ${s.software} in the fediverse census.`,
    root,
    section: 'software',
    dataAsOf: data.dataAsOf,
    body,
    preload: [src],
  });
}

export function softwareIndexPage(data: SiteData): string {
  const root = '../';
  // The tallies' own order (most servers first); software known only from weekly rows follows with none.
  const tallies = softwareTallies(data.listings);
  const listed = new Set(tallies.map((t) => t.software));
  const rows = [...tallies, ...data.software.filter((s) => !listed.has(s.software)).map((s) => ({ software: s.software, servers: 0, users_total: null }))];
  const body = html`<h1>Software</h1>
<p>Each server counts under the software it reported when last reached. ${rows.length} software in the census.</p>
<div class="scroll"><table>
<caption>Software in the census, by servers</caption>
<thead><tr><th scope="col">Software</th><th scope="col">Servers</th><th scope="col">Users</th></tr></thead>
<tbody>${rows.map(({ software, servers, users_total: users }) => html`<tr><th scope="row"><a href="${encodeURIComponent(softwareSlug(software))}.html">${software}</a></th><td class="n" data-n="${servers}">${servers}</td><td class="n" data-n="${users ?? ''}">${users ?? 'not reported'}</td></tr>\n`)}</tbody></table></div>
<p>Servers: number seen ok at least once; Users: sum of each server's latest reported figure.</p>`;
  return page({ title: 'Software', description: 'The software of the fediverse, by servers and users.', root, section: 'software', dataAsOf: data.dataAsOf, body });
}

// The overview's history from other sources: users over each source's constant panel, the servers each
// source reached per day (its coverage, drawn as coverage, never as a fall in users), and the reference
// series "published by Mastodon" beside them, never summed into them. Plus a section naming every source
// with its provenance. Charts go into the overview's figures file, so the page draws them like its own.
import { DEFINITIONS } from '../../api/metrics/definitions.ts';
import { publishedBy } from '../../api/metrics/reference.ts';
import type { HistoryData } from '../history.ts';
import { html, type Html } from '../html.ts';
import type { ChartData } from '../model.ts';

export const HISTORY_FIGURES = 'figures/history.json';

/** Chart ids of the history, in the order the overview shows them (before its own charts). */
export const HISTORY_CHART_IDS = ['history-panel-users', 'history-reached', 'history-reference-users', 'history-reference-servers'] as const;

export function historyCharts(h: HistoryData): ChartData[] {
  const charts: ChartData[] = [];
  for (const { source, points } of h.panels) {
    if (points.length === 0) continue;
    const panel = points[0]!.panel;
    const first = points[0]!;
    const last = points.at(-1)!;
    charts.push({
      id: 'history-panel-users',
      title: `Users on the ${panel} servers ${source.name} reached on every one of its days`,
      description: `Line chart: total users of the same ${panel} servers on each day ${source.name} observed them, ${first.day} to ${last.day}.`,
      kind: 'line',
      labelHeader: 'day',
      labelTitle: 'Day (UTC)',
      labels: points.map((p) => p.day),
      series: [{ name: 'users_total_panel', label: `Users on the ${panel} servers`, values: points.map((p) => p.users_total) }],
      csv: 'figures/history-panel-users.csv',
      note:
        `Source: ${source.name} (${source.licence ?? 'licence not stated'}). A constant panel: the ${panel} servers whose users the source read on every one of its ${points.length} days, ` +
        `so the line moves only when their users do (${first.users_total} on ${first.day}, ${last.users_total} on ${last.day}). ` +
        `The source reached ${first.reached} servers on ${first.day} and ${last.reached} on ${last.day}: its coverage shrank, the network did not (next chart).`,
    });
  }
  const sources = [...new Set(h.byDay.flatMap((d) => d.sources))];
  if (h.byDay.length > 0) {
    charts.push({
      id: 'history-reached',
      title: 'Servers reached each day, by source (coverage)',
      description: 'Line chart: how many servers each source observed on each day.',
      kind: 'line',
      labelHeader: 'day',
      labelTitle: 'Day (UTC)',
      labels: h.byDay.map((d) => d.day),
      series: sources.map((s) => ({ name: `servers_reached_${s}`, label: `Servers reached by ${nameOf(h, s)}`, values: h.byDay.map((d) => d.servers[s] ?? null) })),
      csv: 'figures/history-reached.csv',
      note:
        'Coverage, not growth: a source that reaches fewer servers shows fewer servers here, while the servers themselves go on. ' +
        'Days a source did not run are gaps (2023-02-18 in the zegl/mastodon-stats crawl), never zero. ' +
        (sources.length > 1 ? 'The census holds more than one source: each line is one source; their figures are never summed silently.' : ''),
    });
  }
  const ref = h.reference;
  if (ref && ref.days.length > 0) {
    const label = publishedBy(ref.id);
    const by = ref.source ? `${ref.source.name}, ${label}; licence: ${ref.source.licence ?? 'not stated'}` : label;
    charts.push({
      id: 'history-reference-users',
      title: `Users and monthly active users, ${label}`,
      description: `Line chart: the network-wide user_count and active_user_count ${label}, per day.`,
      kind: 'line',
      labelHeader: 'day',
      labelTitle: 'Day (UTC)',
      labels: ref.days.map((d) => d.day),
      series: [
        { name: 'user_count', label: 'Users (accounts)', values: ref.days.map((d) => d.user_count) },
        { name: 'active_user_count', label: 'Monthly active users', values: ref.days.map((d) => d.active_user_count) },
      ],
      csv: 'figures/history-reference-users.csv',
      note: `A reference series (${by}), shown beside the census's figures and never summed into them. ${DEFINITIONS.reference_series}`,
    });
    charts.push({
      id: 'history-reference-servers',
      title: `Servers, ${label}`,
      description: `Line chart: the network-wide server_count ${label}, per day.`,
      kind: 'line',
      labelHeader: 'day',
      labelTitle: 'Day (UTC)',
      labels: ref.days.map((d) => d.day),
      series: [{ name: 'server_count', label: 'Servers', values: ref.days.map((d) => d.server_count) }],
      csv: 'figures/history-reference-servers.csv',
      note: `The servers Mastodon's own directory knew each day (${by}). The census's sources reached fewer: see "Servers reached each day".`,
    });
  }
  return charts;
}

/** Where the census's figures come from: every source with its provenance, and the reference series beside them. */
export function sourcesSection(h: HistoryData): Html {
  const ref = h.reference;
  return html`<section aria-labelledby="sources"><h2 id="sources">Where these figures come from</h2>
<p>Every figure on this site comes from one of these sources; each chart names its own. ${DEFINITIONS.sources}</p>
<ul class="sources">${h.sources.map(
    (s) => html`<li id="source-${s.id}"><strong>${s.name}</strong>${s.url ? html` (<a href="${s.url}">${s.url}</a>)` : ''}: ${s.collected ?? ''} Covers: ${s.coverage ?? 'not stated'}. Licence: ${s.licence ?? 'not stated'}.</li>\n`,
  )}${ref && ref.source
    ? html`<li id="source-${ref.id}"><strong>${ref.source.name}</strong>, ${publishedBy(ref.id)}${ref.source.url ? html` (<a href="${ref.source.url}">${ref.source.url}</a>)` : ''}: ${ref.source.collected ?? ''} Covers: ${ref.source.coverage ?? 'not stated'}. Licence: ${ref.source.licence ?? 'not stated'}. A reference series: shown beside the census's figures, never summed into them.</li>`
    : ''}</ul>
<p>Sign-ups per week come from the activity windows of the ${h.windowedServers} servers that published them${h.hasMastodonSocial ? '' : ' (mastodon.social is not among them)'}.
Compare a figure with the official series on <a href="check.html">Check a figure</a>, or ask <a href="claim.html">Is this claim right?</a></p>
</section>`;
}

function nameOf(h: HistoryData, id: string): string {
  return h.sources.find((s) => s.id === id)?.name ?? id;
}

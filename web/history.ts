// The history a census holds from other sources (crawler/import/): the reference series published by others
// and the figures of each observation source, for the overview's history charts, the check page's
// reference section and the claim page. Asked of the API's query functions only. Null for a census that holds
// only its own crawl and no reference series: the site then shows none of it.
import type { Db } from '../api/db.ts';
import { DEFINITIONS } from '../api/metrics/definitions.ts';
import { panelSeries, type PanelPoint } from '../api/metrics/panel.ts';
import { publishedBy, referenceSeries, referenceSources, type ReferenceDay } from '../api/metrics/reference.ts';
import { serverRecord } from '../api/metrics/servers.ts';
import { observationSources, sourcesByDay, windowedServers, type DaySources, type SourceRecord } from '../api/metrics/sources.ts';
import type { SiteData } from './collect.ts';
import type { HistoryFile } from './history-model.ts';
import { PUBLISHED_QUOTES } from './quotes.ts';

export interface HistoryData {
  readonly sources: readonly SourceRecord[];
  /** Per imported observation source: users over its constant panel, with the servers it reached each day. */
  readonly panels: readonly { readonly source: SourceRecord; readonly points: readonly PanelPoint[] }[];
  readonly byDay: readonly DaySources[];
  readonly reference: { readonly source: SourceRecord | null; readonly id: string; readonly days: readonly ReferenceDay[] } | null;
  readonly windowedServers: number;
  readonly hasMastodonSocial: boolean;
}

export async function collectHistory(db: Db): Promise<HistoryData | null> {
  const sources = await observationSources(db);
  const [referenceId] = await referenceSources(db);
  const imported = sources.filter((s) => s.id !== 'fedicensus');
  if (imported.length === 0 && !referenceId) return null;
  const panels = [];
  for (const source of imported) panels.push({ source, points: await panelSeries(db, source.id) });
  const reference = referenceId ? { id: referenceId, ...(await referenceSeries(db, { source: referenceId })) } : null;
  return {
    sources,
    panels,
    byDay: await sourcesByDay(db),
    reference,
    windowedServers: await windowedServers(db),
    hasMastodonSocial: (await serverRecord(db, 'mastodon.social')) !== null,
  };
}

/** figures/history.json: read by the check page's reference section and the claim page. */
export function historyFile(history: HistoryData, data: SiteData): HistoryFile {
  const active = new Map(data.all.active.map((p) => [p.day, p]));
  const reached = new Map(data.all.servers.map((p) => [p.day, p.value]));
  const ref = history.reference;
  return {
    dataAsOf: data.dataAsOf,
    sources: history.sources.map(({ id, name, licence, coverage }) => ({ id, name, licence, coverage })),
    census: {
      days: data.all.users.map((p) => [p.day, p.value, reached.get(p.day) ?? 0, active.get(p.day)?.value ?? null, active.get(p.day)?.reporting ?? 0] as const),
      weeks: data.all.usersWeekly.map((w) => [w.week, w.users_joined] as const),
      windowedServers: history.windowedServers,
      hasMastodonSocial: history.hasMastodonSocial,
    },
    reference: ref
      ? {
          source: ref.id,
          publishedBy: publishedBy(ref.id),
          name: ref.source?.name ?? ref.id,
          url: ref.source?.url ?? null,
          licence: ref.source?.licence ?? null,
          coverage: ref.source?.coverage ?? null,
          definition: DEFINITIONS.reference_series,
          rows: ref.days.map((d) => [d.day, d.user_count, d.server_count, d.active_user_count] as const),
        }
      : null,
    quotes: ref?.id === 'joinmastodon' ? PUBLISHED_QUOTES : [],
  };
}

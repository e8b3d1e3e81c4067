// What a server's own API adds to NodeInfo, by software family (docs/contributing.md). Each document is
// optional: a failure here never fails the server, it only leaves the figure to NodeInfo.
import type { HostSession } from './net/types.ts';
import type { ServerObservation } from './observation.ts';
import { parseMastodonActivity, parseMastodonV1Instance, parseMastodonV2Instance } from './parse/mastodon.ts';
import { parseMisskeyMeta, parseMisskeyStats } from './parse/misskey.ts';
import { parseLemmySite } from './parse/lemmy.ts';
import { parsePeerTubeStats } from './parse/peertube.ts';

/** The figures a software API can add: the observation's own fields, and which documents supplied them. */
export type SoftwareExtras = Pick<
  ServerObservation,
  'usersTotal' | 'usersActiveMonth' | 'usersActiveHalfyear' | 'localPosts' | 'openRegistrations' | 'createdAt' | 'activity'
> & { readonly sources: readonly string[] };

/** Mastodon and its forks: the only software with `/api/v1/instance/activity`. */
export const MASTODON_FAMILY: ReadonlySet<string> = new Set(['mastodon', 'hometown', 'glitchsoc', 'fedibird', 'kmyblue', 'chuckya']);
export const MISSKEY_FAMILY: ReadonlySet<string> = new Set([
  'misskey', 'sharkey', 'firefish', 'iceshrimp', 'foundkey', 'calckey', 'cherrypick',
]);

export async function softwareExtras(session: HostSession, software: string): Promise<SoftwareExtras> {
  if (MASTODON_FAMILY.has(software)) return mastodonExtras(session);
  if (MISSKEY_FAMILY.has(software)) return misskeyExtras(session);
  if (software === 'lemmy') return lemmyExtras(session);
  if (software === 'peertube') return peertubeExtras(session);
  return { sources: [] };
}

async function mastodonExtras(session: HostSession): Promise<SoftwareExtras> {
  const sources: string[] = [];
  let extras: Omit<SoftwareExtras, 'sources'> = {};
  const v2 = await session.getJson('/api/v2/instance');
  if (v2.ok) {
    const doc = parseMastodonV2Instance(v2.body);
    extras = { usersActiveMonth: doc.usersActiveMonth, openRegistrations: doc.openRegistrations, createdAt: doc.createdAt };
    sources.push('mastodon-v2-instance');
  } else if (v2.kind === 'http' && v2.status === 404) {
    // Before Mastodon 4.0 only v1 exists.
    const v1 = await session.getJson('/api/v1/instance');
    if (v1.ok) {
      const doc = parseMastodonV1Instance(v1.body);
      extras = { usersTotal: doc.usersTotal, localPosts: doc.localPosts, openRegistrations: doc.openRegistrations, createdAt: doc.createdAt };
      sources.push('mastodon-v1-instance');
    }
  }
  const activity = await session.getJson('/api/v1/instance/activity');
  if (activity.ok) {
    const windows = parseMastodonActivity(activity.body);
    if (windows.length > 0) {
      extras = { ...extras, activity: windows };
      sources.push('mastodon-activity');
    }
  }
  return { ...extras, sources };
}

async function misskeyExtras(session: HostSession): Promise<SoftwareExtras> {
  const sources: string[] = [];
  let openRegistrations: boolean | null = null;
  const meta = await session.getJson('/api/meta', { method: 'POST', json: { detail: false } });
  if (meta.ok) {
    openRegistrations = parseMisskeyMeta(meta.body).openRegistrations;
    sources.push('misskey-meta');
  }
  const stats = await session.getJson('/api/stats', { method: 'POST', json: {} });
  if (!stats.ok) return { openRegistrations, sources };
  sources.push('misskey-stats');
  const doc = parseMisskeyStats(stats.body);
  return { usersTotal: doc.usersTotal, localPosts: doc.localPosts, openRegistrations, sources };
}

async function lemmyExtras(session: HostSession): Promise<SoftwareExtras> {
  const site = await session.getJson('/api/v3/site');
  if (!site.ok) return { sources: [] };
  const doc = parseLemmySite(site.body);
  return {
    usersTotal: doc.usersTotal,
    usersActiveMonth: doc.usersActiveMonth,
    usersActiveHalfyear: doc.usersActiveHalfyear,
    localPosts: doc.localPosts,
    createdAt: doc.createdAt,
    sources: ['lemmy-site'],
  };
}

async function peertubeExtras(session: HostSession): Promise<SoftwareExtras> {
  const stats = await session.getJson('/api/v1/server/stats');
  if (!stats.ok) return { sources: [] };
  const doc = parsePeerTubeStats(stats.body);
  return { usersTotal: doc.usersTotal, usersActiveMonth: doc.usersActiveMonth, localPosts: doc.localPosts, sources: ['peertube-stats'] };
}

// What a server's own API adds to NodeInfo, by software family (docs/contributing.md). Each document is
// optional: a failure here never fails the server, it only leaves the figure to NodeInfo.
// Creation times (docs/protocol-notes.md, "Creation times"): Mastodon's instance document and Lemmy's site carry
// one anyway; for the software below it costs one request of its own, made only when `askCreatedAt` (the
// peer list's weekly schedule, crawler/peer-refresh.ts: a creation time does not change) and only where the
// software's source shows the answer can carry one.
import type { HostSession } from './net/types.ts';
import type { CreatedAtSource, ServerObservation } from './observation.ts';
import { parseMastodonActivity, parseMastodonV1Instance, parseMastodonV2Instance } from './parse/mastodon.ts';
import { parseMisskeyFirstLocalUser, parseMisskeyMeta, parseMisskeyStats } from './parse/misskey.ts';
import { parseLemmySite } from './parse/lemmy.ts';
import { parsePeerTubeRootAccount, parsePeerTubeStats } from './parse/peertube.ts';

/** The figures a software API can add: the observation's own fields, and which documents supplied them. */
export type SoftwareExtras = Pick<
  ServerObservation,
  'usersTotal' | 'usersActiveMonth' | 'usersActiveHalfyear' | 'localPosts' | 'openRegistrations' | 'createdAt' | 'createdAtSource' | 'activity'
> & { readonly sources: readonly string[] };

export interface ExtrasOptions {
  /** Whether to spend a request on a creation time where no other document carries one. */
  readonly askCreatedAt: boolean;
}

/** Mastodon and its forks: the only software with `/api/v1/instance/activity`. */
export const MASTODON_FAMILY: ReadonlySet<string> = new Set(['mastodon', 'hometown', 'glitchsoc', 'fedibird', 'kmyblue', 'chuckya']);
export const MISSKEY_FAMILY: ReadonlySet<string> = new Set([
  'misskey', 'sharkey', 'firefish', 'iceshrimp', 'foundkey', 'calckey', 'cherrypick',
]);

/**
 * Mastodon-API software other than Mastodon whose `/api/v1/instance` can carry a `contact_account` (the source
 * of each: docs/protocol-notes.md). Akkoma is left out: its InstanceView sends none, so asking costs a request
 * for nothing. Software not listed (mitra, hollo, ...) is not asked until its source is read.
 */
export const CONTACT_ACCOUNT_SOFTWARE: ReadonlySet<string> = new Set(['pleroma', 'gotosocial', 'friendica', 'pixelfed', 'snac']);

export async function softwareExtras(session: HostSession, software: string, options: ExtrasOptions): Promise<SoftwareExtras> {
  if (MASTODON_FAMILY.has(software)) return mastodonExtras(session);
  if (MISSKEY_FAMILY.has(software)) return misskeyExtras(session, options);
  if (software === 'lemmy') return lemmyExtras(session);
  if (software === 'peertube') return peertubeExtras(session, options);
  if (CONTACT_ACCOUNT_SOFTWARE.has(software) && options.askCreatedAt) return contactAccountCreatedAt(session);
  return { sources: [] };
}

/** The observation fields for a creation time read from `source`: both set, or neither. */
function created(at: Date | null, source: CreatedAtSource): Pick<SoftwareExtras, 'createdAt' | 'createdAtSource'> {
  return at === null ? {} : { createdAt: at, createdAtSource: source };
}

async function mastodonExtras(session: HostSession): Promise<SoftwareExtras> {
  const sources: string[] = [];
  let extras: Omit<SoftwareExtras, 'sources'> = {};
  const v2 = await session.getJson('/api/v2/instance');
  if (v2.ok) {
    const doc = parseMastodonV2Instance(v2.body);
    extras = { usersActiveMonth: doc.usersActiveMonth, openRegistrations: doc.openRegistrations, ...created(doc.createdAt, 'mastodon_contact_account') };
    sources.push('mastodon-v2-instance');
  } else if (v2.kind === 'http' && v2.status === 404) {
    // Before Mastodon 4.0 only v1 exists.
    const v1 = await session.getJson('/api/v1/instance');
    if (v1.ok) {
      const doc = parseMastodonV1Instance(v1.body);
      extras = {
        usersTotal: doc.usersTotal, localPosts: doc.localPosts, openRegistrations: doc.openRegistrations,
        ...created(doc.createdAt, 'mastodon_contact_account'),
      };
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

async function misskeyExtras(session: HostSession, options: ExtrasOptions): Promise<SoftwareExtras> {
  const sources: string[] = [];
  let openRegistrations: boolean | null = null;
  const meta = await session.getJson('/api/meta', { method: 'POST', json: { detail: false } });
  if (meta.ok) {
    openRegistrations = parseMisskeyMeta(meta.body).openRegistrations;
    sources.push('misskey-meta');
  }
  const stats = await session.getJson('/api/stats', { method: 'POST', json: {} });
  const figures = stats.ok ? parseMisskeyStats(stats.body) : undefined;
  if (figures) sources.push('misskey-stats');
  return {
    ...(figures ? { usersTotal: figures.usersTotal, localPosts: figures.localPosts } : {}),
    openRegistrations,
    ...(options.askCreatedAt ? await misskeyFirstLocalUser(session) : {}),
    sources,
  };
}

/**
 * Misskey names its sorts backwards: `-createdAt` is oldest first (`orderBy('user.id', 'ASC')`), `+createdAt`
 * newest first (packages/backend/src/server/api/endpoints/users.ts).
 */
async function misskeyFirstLocalUser(session: HostSession): Promise<Pick<SoftwareExtras, 'createdAt' | 'createdAtSource'>> {
  const users = await session.getJson('/api/users', { method: 'POST', json: { limit: 1, origin: 'local', sort: '-createdAt', state: 'all' } });
  return users.ok ? created(parseMisskeyFirstLocalUser(users.body).createdAt, 'misskey_first_local_user') : {};
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
    ...created(doc.createdAt, 'lemmy_site_published'),
    sources: ['lemmy-site'],
  };
}

async function peertubeExtras(session: HostSession, options: ExtrasOptions): Promise<SoftwareExtras> {
  const stats = await session.getJson('/api/v1/server/stats');
  const doc = stats.ok ? parsePeerTubeStats(stats.body) : undefined;
  const root = options.askCreatedAt ? await session.getJson('/api/v1/accounts/root') : undefined;
  return {
    ...(doc ? { usersTotal: doc.usersTotal, usersActiveMonth: doc.usersActiveMonth, localPosts: doc.localPosts } : {}),
    ...(root?.ok ? created(parsePeerTubeRootAccount(root.body).createdAt, 'peertube_root_account') : {}),
    sources: doc ? ['peertube-stats'] : [],
  };
}

/** `/api/v1/instance` asked for its contact account only: its other figures are NodeInfo's for this software. */
async function contactAccountCreatedAt(session: HostSession): Promise<SoftwareExtras> {
  const instance = await session.getJson('/api/v1/instance');
  if (!instance.ok) return { sources: [] };
  return { ...created(parseMastodonV1Instance(instance.body).createdAt, 'mastodon_contact_account'), sources: [] };
}

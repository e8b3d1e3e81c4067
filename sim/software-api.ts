// Software-specific API documents (Mastodon, Misskey, Lemmy, PeerTube) and peer lists, shaped like the real
// responses in ../shared/fixtures. Figures come from apiFiguresAt, which deliberately differs from NodeInfo.
// Creation times come from ./created-at.ts, which decides which hosts expose one.
import type { PeerEntry, SimHost } from './model.ts';
import { activityAt, apiFiguresAt } from './figures.ts';
import { contactAccountCreatedAt, servesContactAccount } from './created-at.ts';

export function mastodonV2Instance(host: SimHost, now: Date): unknown {
  const api = apiFiguresAt(host, now);
  return {
    domain: host.name,
    title: host.name.split('.')[0],
    version: host.version,
    source_url: 'https://github.com/mastodon/mastodon',
    description: 'A simulated Mastodon server',
    usage: { users: { active_month: api.usersActiveMonth } },
    languages: ['en'],
    registrations: { enabled: host.openRegistrations, approval_required: false, message: null },
    contact: { email: `admin@${host.name}`, account: contactAccount(host) },
    rules: [],
  };
}

export function mastodonV1Instance(host: SimHost, now: Date): unknown {
  const api = apiFiguresAt(host, now);
  return {
    uri: host.name,
    title: host.name.split('.')[0],
    short_description: 'A simulated Mastodon server',
    email: `admin@${host.name}`,
    version: host.version,
    urls: { streaming_api: `wss://${host.name}` },
    stats: { user_count: api.usersTotal, status_count: api.localPosts, domain_count: host.peers.length },
    languages: ['en'],
    registrations: host.openRegistrations,
    approval_required: false,
    invites_enabled: true,
    contact_account: contactAccount(host),
  };
}

/** The Mastodon API Account of the contact, or null where the host sets none (./created-at.ts). */
function contactAccount(host: SimHost): unknown {
  if (!servesContactAccount(host)) return null;
  return contactAccountDocument(host, { id: '1', followers: 10, following: 3, statuses: 42 });
}

/** How one software's contact account differs from another's: its id, counts, and whether it sends `note`. */
export interface ContactAccountShape {
  readonly id: string;
  readonly note?: string;
  readonly followers: number;
  readonly following: number;
  readonly statuses: number;
}

/**
 * The contact (setup admin) as a Mastodon API Account, the entity every Mastodon-API server sends as
 * `contact_account` (./account-docs.ts serves it for the others); `note` only where the software sends it.
 */
export function contactAccountDocument(host: SimHost, shape: ContactAccountShape): unknown {
  return {
    id: shape.id,
    username: 'admin',
    acct: 'admin',
    display_name: 'Admin',
    locked: false,
    bot: false,
    created_at: contactAccountCreatedAt(host).toISOString(),
    ...(shape.note === undefined ? {} : { note: shape.note }),
    url: `https://${host.name}/@admin`,
    followers_count: shape.followers,
    following_count: shape.following,
    statuses_count: shape.statuses,
  };
}

/** Twelve windows, all values as strings, `week` a Unix time (Mastodon's real encoding). */
export function mastodonActivity(host: SimHost, now: Date): unknown {
  return activityAt(host, now).map((w) => ({
    week: String(Math.floor(w.start.getTime() / 1000)),
    statuses: String(w.statuses),
    logins: String(w.logins),
    registrations: String(w.registrations),
  }));
}

export function misskeyMeta(host: SimHost): unknown {
  return {
    maintainerName: 'admin',
    maintainerEmail: `admin@${host.name}`,
    version: host.version,
    name: host.name.split('.')[0],
    uri: `https://${host.name}`,
    description: 'A simulated Misskey-family server',
    langs: ['ja', 'en'],
    disableRegistration: !host.openRegistrations,
    emailRequiredForSignup: false,
    maxNoteTextLength: 3000,
  };
}

export function misskeyStats(host: SimHost, now: Date): unknown {
  const api = apiFiguresAt(host, now);
  return {
    notesCount: (api.localPosts ?? 0) * 3,
    originalNotesCount: api.localPosts,
    usersCount: (api.usersTotal ?? 0) * 4,
    originalUsersCount: api.usersTotal,
    reactionsCount: 1234,
    instances: host.peers.length,
    driveUsageLocal: 0,
    driveUsageRemote: 0,
  };
}

/** Misskey rejects `limit` over 100 with 400, as its endpoint validation does. */
export function misskeyFederationInstances(
  peers: readonly PeerEntry[],
  body: unknown,
): { readonly status: number; readonly body: unknown } {
  const params = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const limit = params.limit === undefined ? 30 : Number(params.limit);
  const offset = params.offset === undefined ? 0 : Number(params.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !Number.isInteger(offset) || offset < 0) {
    return { status: 400, body: { error: { message: 'Invalid param.', code: 'INVALID_PARAM' } } };
  }
  const page = peers.slice(offset, offset + limit).map((e, i) => ({
    id: `sim${offset + i}`,
    host: e.raw,
    usersCount: 0,
    notesCount: 0,
    isSuspended: false,
    softwareName: null,
  }));
  return { status: 200, body: page };
}

export function lemmySite(host: SimHost, now: Date): unknown {
  const api = apiFiguresAt(host, now);
  const counts: Record<string, unknown> = { site_id: 1, comments: 0, communities: 10 };
  // Replayed hosts report users only; the fields they do not know are left out rather than invented.
  if (api.usersTotal !== null) counts.users = api.usersTotal;
  if (api.localPosts !== null) counts.posts = api.localPosts;
  if (api.usersActiveMonth !== null) counts.users_active_month = api.usersActiveMonth;
  if (api.usersActiveHalfyear !== null) counts.users_active_half_year = api.usersActiveHalfyear;
  return {
    site_view: {
      site: { id: 1, name: host.name.split('.')[0], published: host.createdAt.toISOString(), actor_id: `https://${host.name}/` },
      local_site: { registration_mode: host.openRegistrations ? 'Open' : 'RequireApplication' },
      counts,
    },
    admins: [],
    version: host.version,
  };
}

export function lemmyFederatedInstances(peers: readonly PeerEntry[]): unknown {
  const linked = peers.map((e, i) => ({ id: i + 1, domain: e.raw, published: '2024-01-01T00:00:00Z', software: null }));
  return { federated_instances: { linked, allowed: [], blocked: [] } };
}

export function peertubeStats(host: SimHost, now: Date): unknown {
  const api = apiFiguresAt(host, now);
  return {
    totalUsers: api.usersTotal,
    totalDailyActiveUsers: Math.floor((api.usersActiveMonth ?? 0) / 5),
    totalWeeklyActiveUsers: Math.floor((api.usersActiveMonth ?? 0) / 2),
    totalMonthlyActiveUsers: api.usersActiveMonth,
    totalLocalVideos: api.localPosts,
    totalLocalVideoViews: 9876,
    totalInstanceFollowers: 3,
    totalInstanceFollowing: 4,
  };
}

export const GTS_PEERS_401 = { error: 'Unauthorized: This API requires an authenticated user' };

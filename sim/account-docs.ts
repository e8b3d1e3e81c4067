// The documents through which software other than Mastodon and Lemmy tells when it was set up: the Mastodon
// API's `/api/v1/instance` as Pleroma, Akkoma, GoToSocial, Friendica, Pixelfed and snac serve it (its contact
// account), Misskey's `POST /api/users` and PeerTube's `GET /api/v1/accounts/root`. Shapes follow each
// software's source, cited per document (docs/protocol-notes.md, "Creation times"); which hosts expose a time,
// and which, is ./created-at.ts.
import type { SimHost, SimSoftware } from './model.ts';
import { DAY_MS, apiFiguresAt } from './figures.ts';
import { servesContactAccount, setupAccountCreatedAt } from './created-at.ts';
import { contactAccountDocument } from './software-api.ts';

/** Software (other than Mastodon, ./software-api.ts) whose sim answers `GET /api/v1/instance`. */
export const MASTODON_API_INSTANCE: ReadonlySet<SimSoftware> = new Set([
  'pleroma', 'akkoma', 'gotosocial', 'friendica', 'pixelfed', 'snac',
]);

/** The `version` each sends: Pleroma and Akkoma "2.7.2 (compatible; Pleroma x)" (InstanceView), Friendica
 * "2.8.0 (compatible; Friendica x)" (Object/Api/Mastodon/Instance.php), Pixelfed "3.5.3 (compatible; Pixelfed x)"
 * (Api/V1Api/InstanceMeta.php), GoToSocial and snac their own version. */
function instanceVersion(host: SimHost): string {
  switch (host.software) {
    case 'pleroma': return `2.7.2 (compatible; Pleroma ${host.version})`;
    case 'akkoma': return `2.7.2 (compatible; Akkoma ${host.version})`;
    case 'friendica': return `2.8.0 (compatible; Friendica ${host.version})`;
    case 'pixelfed': return `3.5.3 (compatible; Pixelfed ${host.version})`;
    case 'snac': return `snac/${host.version}`;
    default: return host.version;
  }
}

/**
 * `GET /api/v1/instance` of a Mastodon-API server that is not Mastodon. `contact_account` is null when unset
 * (Pleroma's `contact_account(nil)`, Pixelfed's `null` without an admin); Friendica sends `[]` for none, which
 * the sim never needs (it always has a first admin); GoToSocial and snac leave the key out when unset, Akkoma
 * always.
 */
export function mastodonApiInstance(host: SimHost, now: Date): unknown {
  const api = apiFiguresAt(host, now);
  const doc: Record<string, unknown> = {
    uri: host.name,
    title: host.name.split('.')[0],
    description: `A simulated ${host.software} server`,
    email: `admin@${host.name}`,
    version: instanceVersion(host),
    urls: { streaming_api: `wss://${host.name}` },
    stats: { user_count: api.usersTotal ?? 0, status_count: api.localPosts ?? 0, domain_count: host.peers.length },
    languages: ['en'],
    registrations: host.openRegistrations,
    approval_required: false,
  };
  if (host.software === 'akkoma') return { ...doc, pleroma: { metadata: { features: ['pleroma_api', 'akkoma_api', 'mastodon_api'] } } };
  const contact = servesContactAccount(host);
  // GoToSocial's model tags it `json:"contact_account,omitempty"` (internal/api/model/instancev1.go); snac
  // appends it only when `admin_account` is set.
  if (!contact && (host.software === 'snac' || host.software === 'gotosocial')) return doc;
  return { ...doc, contact_account: contact ? contactAccount(host) : null };
}

function contactAccount(host: SimHost): unknown {
  const id = host.software === 'gotosocial' ? '01F8MH17FWEB39HZJ76B6VXSKF' : '1';
  return contactAccountDocument(host, { id, note: '', followers: 12, following: 7, statuses: 30 });
}

/** Local accounts the sim lists: the setup account first, then two who joined later (if they exist yet). */
function localAccountTimes(host: SimHost, now: Date): Date[] {
  const first = setupAccountCreatedAt(host);
  return [0, 9, 40].map((days) => new Date(first.getTime() + days * DAY_MS)).filter((t) => t <= now);
}

/**
 * Misskey's `POST /api/users` (packages/backend/src/server/api/endpoints/users.ts): explorable, unsuspended
 * users; `origin` local|remote|combined (default local); `limit` 1..100 (else 400, as the endpoint validation
 * answers). Its sort names read backwards: `+createdAt` orders by id DESC (newest first), `-createdAt` by id
 * ASC (oldest first), as does no sort at all. Only local accounts exist here.
 */
export function misskeyUsers(host: SimHost, now: Date, body: unknown): { readonly status: number; readonly body: unknown } {
  const params = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const limit = params.limit === undefined ? 10 : Number(params.limit);
  const sorts = [undefined, '+follower', '-follower', '+createdAt', '-createdAt', '+updatedAt', '-updatedAt', '+pv', '-pv'];
  const origins = [undefined, 'local', 'remote', 'combined'];
  if (!Number.isInteger(limit) || limit < 1 || limit > 100 || !sorts.includes(params.sort as string) || !origins.includes(params.origin as string)) {
    return { status: 400, body: { error: { message: 'Invalid param.', code: 'INVALID_PARAM', id: '3d81ceae-475f-4600-b2a8-2bc116157532' } } };
  }
  if (params.origin === 'remote') return { status: 200, body: [] };
  const times = localAccountTimes(host, now);
  if (params.sort === '+createdAt') times.reverse();
  const users = times.slice(0, limit).map((t, i) => ({
    id: `sim${t.getTime().toString(36)}`,
    name: i === 0 ? 'Admin' : null,
    username: i === 0 ? 'admin' : `user${i}`,
    host: null,
    avatarUrl: `https://${host.name}/identicon/${i}`,
    isBot: false,
    isCat: false,
    createdAt: t.toISOString(),
    updatedAt: now.toISOString(),
    followersCount: 3,
    followingCount: 2,
    notesCount: 10,
  }));
  return { status: 200, body: users };
}

/**
 * PeerTube's `GET /api/v1/accounts/{name}` for the `root` account, which the installer creates
 * (server/core/initializers/installer.ts, createOAuthAdminIfNotExist: username 'root') and which cannot be
 * renamed. Other names are 404, as an unknown account is.
 */
export function peertubeAccount(host: SimHost, name: string): { readonly status: number; readonly body: unknown } {
  if (name !== 'root') return { status: 404, body: { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Account not found' } };
  return {
    status: 200,
    body: {
      url: `https://${host.name}/accounts/root`,
      name: 'root',
      host: host.name,
      avatars: [],
      id: 1,
      hostRedundancyAllowed: false,
      followingCount: 0,
      followersCount: 2,
      createdAt: setupAccountCreatedAt(host).toISOString(),
      displayName: 'root',
      description: null,
      updatedAt: setupAccountCreatedAt(host).toISOString(),
      userId: 1,
    },
  };
}

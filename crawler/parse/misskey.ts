// The Misskey family's API (Misskey, Sharkey, Firefish, Iceshrimp, Foundkey, Calckey, CherryPick): `POST
// /api/meta`, `POST /api/stats` and, for a creation time, `POST /api/users`. Only local ("original") counts: `usersCount`/`notesCount` include every
// remote account and note the server has seen, which would count the same people many times over.
import { z } from 'zod';
import type { CheckedCount } from '../observation.ts';
import { checkCount } from '../quality.ts';
import { asBoolean, asText, asTimestamp, at, isRecord } from './values.ts';

export interface MisskeyMeta {
  readonly version: string | null;
  /** The negation of `disableRegistration`; null when it is absent or not a boolean. */
  readonly openRegistrations: boolean | null;
}

/** `POST /api/meta` */
export function parseMisskeyMeta(body: unknown): MisskeyMeta {
  const disabled = asBoolean(at(body, 'disableRegistration'));
  return {
    version: asText(at(body, 'version')),
    openRegistrations: disabled === null ? null : !disabled,
  };
}

export interface MisskeyStats {
  /** `originalUsersCount`: local accounts. */
  readonly usersTotal: CheckedCount;
  /** `originalNotesCount`: local notes. */
  readonly localPosts: CheckedCount;
}

/** `POST /api/stats` */
export function parseMisskeyStats(body: unknown): MisskeyStats {
  return {
    usersTotal: checkCount(at(body, 'originalUsersCount')),
    localPosts: checkCount(at(body, 'originalNotesCount')),
  };
}

// packages/backend/src/server/api/endpoints/users.ts (misskey-dev/misskey at 01cbe12): an array of UserDetailed;
// a local user has `host: null`; `createdAt` is an ISO date-time (packages/backend/src/core/entities/
// UserEntityService.ts, `this.idService.parse(user.id).date.toISOString()`).
const strictUsers = z
  .array(z.looseObject({ id: z.string(), username: z.string(), host: z.null(), createdAt: z.iso.datetime() }))
  .max(100);

export interface MisskeyFirstLocalUser {
  /** True when the body is exactly the documented shape (an array of local UserDetailed). */
  readonly strict: boolean;
  /** `[0].createdAt` of a local user (`host` null or absent); null otherwise. */
  readonly createdAt: Date | null;
}

/**
 * `POST /api/users {origin: 'local', sort: '-createdAt', limit: 1}`: the oldest explorable, unsuspended local
 * account. Its creation is a time by which the server existed (usually the admin, who signs up at setup).
 * A first element on another host (a server ignoring `origin`) says nothing about this server: null.
 */
export function parseMisskeyFirstLocalUser(body: unknown): MisskeyFirstLocalUser {
  const strict = strictUsers.safeParse(body).success;
  const first = Array.isArray(body) ? body[0] : undefined;
  if (!isRecord(first)) return { strict, createdAt: null };
  const host = first['host'];
  if (host !== null && host !== undefined) return { strict, createdAt: null };
  return { strict, createdAt: asTimestamp(first['createdAt']) };
}

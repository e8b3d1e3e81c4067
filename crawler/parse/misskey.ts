// The Misskey family's API (Misskey, Sharkey, Firefish, Iceshrimp, Foundkey, Calckey, CherryPick): `POST
// /api/meta` and `POST /api/stats`. Only local ("original") counts: `usersCount`/`notesCount` include every
// remote account and note the server has seen, which would count the same people many times over.
import type { CheckedCount } from '../observation.ts';
import { checkCount } from '../quality.ts';
import { asBoolean, asText, at } from './values.ts';

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

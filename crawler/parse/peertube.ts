// PeerTube's `GET /api/v1/server/stats` (PeerTube REST API, ServerStats): local users and videos. A video is
// PeerTube's post, so `totalLocalVideos` fills local_posts (docs/contributing.md source table). And its `root`
// account, whose creation is the install.
import { z } from 'zod';
import type { CheckedCount } from '../observation.ts';
import { checkCount } from '../quality.ts';
import { asTimestamp, at, isRecord } from './values.ts';

export interface PeerTubeStats {
  /** `totalUsers` */
  readonly usersTotal: CheckedCount;
  /** `totalMonthlyActiveUsers` */
  readonly usersActiveMonth: CheckedCount;
  /** `totalLocalVideos` */
  readonly localPosts: CheckedCount;
}

export function parsePeerTubeStats(body: unknown): PeerTubeStats {
  return {
    usersTotal: checkCount(at(body, 'totalUsers')),
    usersActiveMonth: checkCount(at(body, 'totalMonthlyActiveUsers')),
    localPosts: checkCount(at(body, 'totalLocalVideos')),
  };
}

// Chocobozzz/PeerTube packages/models/src/actors/account.model.ts (Account: name, host, createdAt, ...), served by
// GET /api/v1/accounts/{name}; `root` is the account server/core/initializers/installer.ts creates at install.
const strictRootAccount = z.looseObject({ name: z.literal('root'), host: z.string(), createdAt: z.iso.datetime() });

export interface PeerTubeRootAccount {
  /** True when the body is exactly the documented shape for the `root` account. */
  readonly strict: boolean;
  /** `createdAt`, when the body is the root account (`name` "root" or absent); else null. */
  readonly createdAt: Date | null;
}

/** `GET /api/v1/accounts/root`: the installer's account, so its creation is the install (a bound on it). */
export function parsePeerTubeRootAccount(body: unknown): PeerTubeRootAccount {
  const strict = strictRootAccount.safeParse(body).success;
  if (!isRecord(body)) return { strict, createdAt: null };
  const name = body['name'];
  if (name !== undefined && name !== 'root') return { strict, createdAt: null };
  return { strict, createdAt: asTimestamp(body['createdAt']) };
}

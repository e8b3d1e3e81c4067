// PeerTube's `GET /api/v1/server/stats` (PeerTube REST API, ServerStats): local users and videos. A video is
// PeerTube's post, so `totalLocalVideos` fills local_posts (docs/contributing.md source table).
import type { CheckedCount } from '../observation.ts';
import { checkCount } from '../quality.ts';
import { at } from './values.ts';

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

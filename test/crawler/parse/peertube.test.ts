import { describe, expect, it } from 'vitest';
import { parsePeerTubeStats } from '../../../crawler/parse/peertube.ts';

describe('parsePeerTubeStats', () => {
  it('reads totalUsers, totalMonthlyActiveUsers and totalLocalVideos, ignoring the rest', () => {
    // Field names of PeerTube's ServerStats model (Chocobozzz/PeerTube shared/models/server/server-stats.model.ts).
    const body = {
      totalUsers: 1520, totalDailyActiveUsers: 30, totalWeeklyActiveUsers: 90, totalMonthlyActiveUsers: 210,
      totalLocalVideos: 4312, totalLocalVideoViews: 990000, totalVideos: 120000, totalInstanceFollowers: 40,
      videosRedundancy: [{ strategy: 'most-views', totalSize: 1 }],
    };
    expect(parsePeerTubeStats(body)).toEqual({
      usersTotal: { value: 1520 },
      usersActiveMonth: { value: 210 },
      localPosts: { value: 4312 },
    });
  });

  it('treats a PeerTube too old to report actives as missing, and flags wrong types', () => {
    expect(parsePeerTubeStats({ totalUsers: '7', totalLocalVideos: false })).toEqual({
      usersTotal: { value: 7 },
      usersActiveMonth: { value: null },
      localPosts: { value: null, flag: 'not_a_number' },
    });
    expect(parsePeerTubeStats(undefined)).toEqual({
      usersTotal: { value: null },
      usersActiveMonth: { value: null },
      localPosts: { value: null },
    });
  });
});

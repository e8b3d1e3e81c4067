import { describe, expect, it } from 'vitest';
import { parsePeerTubeRootAccount, parsePeerTubeStats } from '../../../crawler/parse/peertube.ts';
import { loadResponse } from '../../fixtures/load.ts';

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

describe('parsePeerTubeRootAccount (GET /api/v1/accounts/root)', () => {
  it('reads createdAt of the installer\'s root account (reconstructed from account.model.ts)', () => {
    expect(parsePeerTubeRootAccount(loadResponse('reconstructed_peertube-7_api_v1_accounts_root.json'))).toEqual({
      strict: true,
      createdAt: new Date('2021-02-08T16:03:27.871Z'),
    });
  });

  it('is best-effort without a name, and refuses any other account', () => {
    expect(parsePeerTubeRootAccount({ createdAt: '2020-05-01T00:00:00.000Z' })).toEqual({
      strict: false,
      createdAt: new Date('2020-05-01T00:00:00.000Z'),
    });
    expect(parsePeerTubeRootAccount({ name: 'alice', host: 'tube.example', createdAt: '2020-05-01T00:00:00.000Z' }).createdAt).toBeNull();
  });

  it('never throws on hostile bodies', () => {
    for (const body of [null, [], 'root', { name: 'root' }, { name: 'root', createdAt: {} }, { name: 'root', createdAt: '2150-01-01T00:00:00Z' }]) {
      expect(parsePeerTubeRootAccount(body).createdAt).toBeNull();
    }
  });
});

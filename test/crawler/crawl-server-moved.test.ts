// A permanent redirect of NodeInfo discovery to another host records the server as moved, with the new
// name; only a name the census could crawl is ever stored as `moved_to` (issue #12: an IP literal was
// stored and published).
import { describe, expect, it } from 'vitest';
import { crawlServer } from '../../crawler/crawl-server.ts';
import type { FetchResult, HostSession } from '../../crawler/net/types.ts';

function redirectingTo(redirectTo: string, status = 301): HostSession {
  const answer: FetchResult<unknown> = { ok: false, kind: 'invalid', status, message: `redirect to another host ${redirectTo} from /.well-known/nodeinfo`, redirectTo };
  return { domain: 'old.social', requestCount: 2, getJson: async () => answer, getText: async () => answer };
}

describe('moved servers', () => {
  it('records a permanent redirect to another name as moved, the name normalised', async () => {
    const { observation } = await crawlServer(redirectingTo('New.Social'), 'old.social', { fetchPeers: true });
    expect(observation).toMatchObject({ status: 'moved', movedTo: 'new.social' });
  });

  it.each(['203.0.113.5', '[2001:db8::1]', '2001:db8::1', 'localhost', 'intranet', 'box.local'])(
    'never stores %s as moved_to: the redirect is an invalid response',
    async (target) => {
      const { observation, peers } = await crawlServer(redirectingTo(target, 308), 'old.social', { fetchPeers: true });
      expect(observation.status).toBe('invalid_response');
      expect(observation.movedTo).toBeUndefined();
      expect(peers).toEqual([]);
    },
  );
});

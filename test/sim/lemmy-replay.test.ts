import { describe, expect, test } from 'vitest';
import { buildLemmyReplay, loadLemmyCrawl } from '../../sim/lemmy-replay.ts';
import { groundTruth } from '../../sim/truth.ts';
import { startSimFediverse } from '../../sim/server.ts';
import { simAgent, simRequest } from './client.ts';
import { publicNameProblem } from '../../sim/public-name.ts';

const data = loadLemmyCrawl();
const replay = buildLemmyReplay(data);

describe('Lemmy replay of the 2023-09-27 crawl', () => {
  test('the file holds 968 servers whose users sum to the published total', () => {
    expect(data.instances).toHaveLength(968);
    expect(data.published_totals.total_users).toBe(517_181);
    expect(data.instances.reduce((n, i) => n + i.users, 0)).toBe(517_181);
    expect(replay.invalidNames).toEqual([]);
  });

  test('a crawl from one seed discovers all 968 and counts 517,181 users', () => {
    const truth = groundTruth(replay.catalogue, { seeds: [replay.seed] });
    expect(truth.discovered).toHaveLength(968);
    expect(truth.totals.serversOk).toBe(968);
    expect(truth.totals.usersTotal).toBe(data.published_totals.total_users);
    expect(truth.drops.total).toBe(0);
  });

  test('each host serves its entry over TLS: NodeInfo users, version, and its linked peers', async () => {
    const sim = await startSimFediverse({ catalogue: replay.catalogue });
    const agent = simAgent(sim.port);
    try {
      const entry = data.instances[1];
      if (!entry) throw new Error('empty dataset');
      const ni = JSON.parse((await simRequest(agent, `https://${entry.domain}/nodeinfo/2.0.json`)).text);
      expect([ni.software.name, ni.software.version, ni.usage.users.total]).toEqual(['lemmy', entry.version, entry.users]);
      const fed = JSON.parse((await simRequest(agent, `https://${entry.domain}/api/v3/federated_instances`)).text);
      const linked = fed.federated_instances.linked.map((l: { domain: string }) => l.domain) as string[];
      expect(linked).toContain(data.instances[2]?.domain);
      expect(linked.every((d) => publicNameProblem(d) === null)).toBe(true);
    } finally {
      await agent.close();
      await sim.close();
    }
  });
});

// Property tests of the parsers of what servers send (crawler/parse/*): for any input they never throw, and
// no output holds a negative or fractional count (nor one past the plausibility limit), nor an absurd date.
// Thousands of generated bodies per run: realistic shapes with hostile leaves, and arbitrary JSON.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseLemmySite } from '../../crawler/parse/lemmy.ts';
import { parseMastodonActivity, parseMastodonV1Instance, parseMastodonV2Instance, MAX_ACTIVITY_WINDOWS } from '../../crawler/parse/mastodon.ts';
import { parseMisskeyMeta, parseMisskeyStats } from '../../crawler/parse/misskey.ts';
import { chooseNodeInfoHref, parseNodeInfoLinks } from '../../crawler/parse/nodeinfo-links.ts';
import { parseNodeInfo } from '../../crawler/parse/nodeinfo.ts';
import { parsePeerTubeStats } from '../../crawler/parse/peertube.ts';
import { anyJson, countLike, nested, plausibleCounts, plausibleDates, textLike } from './hostile-values.ts';

const RUNS = 1000;

const nodeInfoLike = fc.record(
  {
    version: fc.oneof(fc.constantFrom('2.0', '2.1', '1.0', '1.1', '2.2'), textLike),
    software: fc.oneof(fc.record({ name: textLike, version: textLike }, { requiredKeys: [] }), anyJson),
    protocols: fc.oneof(fc.array(fc.string(), { maxLength: 3 }), anyJson),
    services: anyJson,
    openRegistrations: fc.oneof(fc.boolean(), textLike),
    usage: fc.oneof(
      fc.record(
        {
          users: fc.oneof(fc.record({ total: countLike, activeMonth: countLike, activeHalfyear: countLike }, { requiredKeys: [] }), anyJson),
          localPosts: countLike,
          localComments: countLike,
        },
        { requiredKeys: [] },
      ),
      anyJson,
    ),
    metadata: anyJson,
  },
  { requiredKeys: [] },
);

/** A parser's properties: never throws; every count plausible; every date plausible. */
function holds(parse: (body: unknown) => unknown, body: fc.Arbitrary<unknown>, runs = RUNS): void {
  fc.assert(
    fc.property(body, (input) => {
      const output = parse(input);
      expect(plausibleCounts(output), JSON.stringify(output)).toBe(true);
      expect(plausibleDates(output)).toBe(true);
    }),
    { numRuns: runs },
  );
}

describe('parsers never throw and never yield a negative or fractional count', () => {
  it('NodeInfo documents (strict and lenient)', () => {
    holds(parseNodeInfo, fc.oneof(nodeInfoLike, anyJson));
    // When it parses, the software name is a non-empty trimmed lower-case string.
    fc.assert(
      fc.property(nodeInfoLike, (doc) => {
        const parsed = parseNodeInfo(doc);
        if (parsed.ok) {
          expect(parsed.nodeInfo.software.name).toMatch(/^\S(.*\S)?$/s);
          expect(parsed.nodeInfo.software.name).toBe(parsed.nodeInfo.software.name.toLowerCase());
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('NodeInfo discovery documents: links, and the href chosen', () => {
    fc.assert(
      fc.property(fc.oneof(fc.record({ links: fc.array(fc.record({ rel: textLike, href: textLike }), { maxLength: 6 }) }), anyJson), (body) => {
        const links = parseNodeInfoLinks(body);
        if (links.ok) {
          const chosen = chooseNodeInfoHref(links.links, 'server.social');
          // Only https, only the server's own name or a subdomain of it.
          if (chosen.ok) expect(new URL(chosen.url).hostname).toMatch(/(^|\.)server\.social$/);
          if (chosen.ok) expect(chosen.url.startsWith('https://')).toBe(true);
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('Mastodon instance (v1, v2) and activity', () => {
    const instance = fc.record(
      {
        version: textLike,
        stats: fc.oneof(fc.record({ user_count: countLike, status_count: countLike, domain_count: countLike }, { requiredKeys: [] }), anyJson),
        usage: fc.oneof(fc.record({ users: fc.record({ active_month: countLike }, { requiredKeys: [] }) }, { requiredKeys: [] }), anyJson),
        registrations: fc.oneof(fc.boolean(), fc.record({ enabled: fc.oneof(fc.boolean(), textLike) }, { requiredKeys: [] }), anyJson),
        contact: fc.oneof(fc.record({ account: fc.record({ created_at: textLike }, { requiredKeys: [] }) }, { requiredKeys: [] }), anyJson),
      },
      { requiredKeys: [] },
    );
    holds(parseMastodonV1Instance, fc.oneof(instance, anyJson));
    holds(parseMastodonV2Instance, fc.oneof(instance, anyJson));
    const windowLike = fc.record({ week: fc.oneof(countLike, fc.integer({ min: 946_684_800, max: 4_102_444_800 }).map(String)), statuses: countLike, logins: countLike, registrations: countLike }, { requiredKeys: [] });
    const activity = fc.oneof(fc.array(fc.oneof(windowLike, anyJson), { maxLength: 80 }), anyJson);
    holds(parseMastodonActivity, activity);
    fc.assert(
      fc.property(activity, (body) => {
        expect(parseMastodonActivity(body).length).toBeLessThanOrEqual(MAX_ACTIVITY_WINDOWS);
      }),
      { numRuns: 300 },
    );
  });

  it('Misskey meta and stats', () => {
    holds(parseMisskeyMeta, fc.oneof(fc.record({ version: textLike, disableRegistration: fc.oneof(fc.boolean(), textLike) }, { requiredKeys: [] }), anyJson));
    holds(parseMisskeyStats, fc.oneof(fc.record({ originalUsersCount: countLike, originalNotesCount: countLike, usersCount: countLike }, { requiredKeys: [] }), anyJson));
  });

  it('Lemmy site', () => {
    const counts = fc.record({ users: countLike, posts: countLike, users_active_month: countLike, users_active_half_year: countLike }, { requiredKeys: [] });
    const site = fc.record({ site_view: fc.oneof(fc.record({ counts: fc.oneof(counts, anyJson), site: fc.record({ published: textLike }, { requiredKeys: [] }) }, { requiredKeys: [] }), anyJson), version: textLike }, { requiredKeys: [] });
    holds(parseLemmySite, fc.oneof(site, anyJson));
  });

  it('PeerTube stats', () => {
    holds(parsePeerTubeStats, fc.oneof(fc.record({ totalUsers: countLike, totalMonthlyActiveUsers: countLike, totalLocalVideos: countLike }, { requiredKeys: [] }), anyJson));
  });

  it('deeply nested bodies cost nothing and break nothing', () => {
    const deep = nested(5000, { usage: { users: { total: -5 } } });
    for (const parse of [parseNodeInfo, parseMastodonV1Instance, parseMastodonV2Instance, parseMastodonActivity, parseMisskeyStats, parseLemmySite, parsePeerTubeStats]) {
      expect(plausibleCounts(parse(deep))).toBe(true);
    }
  });
});

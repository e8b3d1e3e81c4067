// A NodeInfo document (jhass/nodeinfo, schemas/2.0/schema.json and schemas/2.1/schema.json): the strict schema
// first, so that `strict` tells how many servers follow the spec; then a lenient reading of what real servers
// send (numbers as strings, nulls, "Mastodon" casing, `metaData`, `localPosts` as an object, no `usage`,
// NodeInfo 1.x). Counts always go through the plausibility rules (crawler/quality.ts).
import { z } from 'zod';
import type { CheckedCount } from '../observation.ts';
import { checkCount } from '../quality.ts';
import { asBoolean, asText, at, isRecord } from './values.ts';

// schemas/2.x "usage.users": nothing required, integers >= 0, no other keys.
const count = z.int().min(0);
const usage = z.strictObject({
  users: z.strictObject({
    total: count.optional(), // "The total amount of on this server registered users."
    activeHalfyear: count.optional(), // "signed in at least once in the last 180 days"
    activeMonth: count.optional(), // "signed in at least once in the last 30 days"
  }),
  localPosts: count.optional(),
  localComments: count.optional(),
});
// schemas/2.x "protocols" (minItems 1) and "services" enums, verbatim.
const protocols = z
  .array(z.enum(['activitypub', 'buddycloud', 'dfrn', 'diaspora', 'libertree', 'ostatus', 'pumpio', 'tent', 'xmpp', 'zot']))
  .min(1);
const services = z.strictObject({
  inbound: z.array(z.enum(['atom1.0', 'gnusocial', 'imap', 'pnut', 'pop3', 'pumpio', 'rss2.0', 'twitter'])),
  outbound: z.array(
    z.enum([
      'acropolis', 'atom1.0', 'blogger', 'buddycloud', 'diaspora', 'dreamwidth', 'drupal', 'facebook', 'friendica',
      'gnusocial', 'google', 'insanejournal', 'libertree', 'linkedin', 'livejournal', 'mediagoblin', 'myspace',
      'pinterest', 'pnut', 'posterous', 'pumpio', 'redmatrix', 'rss2.0', 'smtp', 'tent', 'tumblr', 'twitter',
      'wordpress', 'xmpp',
    ]),
  ),
});
// "software.name": "The canonical name of this server software", pattern ^[a-z0-9-]+$.
const softwareName = z.string().regex(/^[a-z0-9-]+$/);
const common = {
  protocols,
  services,
  openRegistrations: z.boolean(),
  usage,
  metadata: z.record(z.string(), z.unknown()), // "Free form key value pairs"
};

/** NodeInfo 2.0 or 2.1 exactly as the JSON schemas say (additionalProperties false everywhere but metadata). */
const strictNodeInfoSchema = z.discriminatedUnion('version', [
  z.strictObject({
    version: z.literal('2.0'),
    software: z.strictObject({ name: softwareName, version: z.string() }),
    ...common,
  }),
  z.strictObject({
    version: z.literal('2.1'),
    // 2.1 only adds repository and homepage.
    software: z.strictObject({
      name: softwareName,
      version: z.string(),
      repository: z.string().optional(),
      homepage: z.string().optional(),
    }),
    ...common,
  }),
]);

export interface NodeInfo {
  /** The document's `version` as sent (e.g. "2.0"), or null when absent. */
  readonly schemaVersion: string | null;
  /** True when the document passed the strict 2.0/2.1 schema. */
  readonly strict: boolean;
  readonly software: {
    /** `software.name`, trimmed and lower-cased ("Mastodon " -> "mastodon"). */
    readonly name: string;
    readonly version: string | null;
  };
  readonly openRegistrations: boolean | null;
  /** usage.users.total */
  readonly usersTotal: CheckedCount;
  /** usage.users.activeMonth (30 days by the spec; Mastodon counts 4 weeks). */
  readonly usersActiveMonth: CheckedCount;
  /** usage.users.activeHalfyear (180 days by the spec; Mastodon counts 24 weeks). */
  readonly usersActiveHalfyear: CheckedCount;
  /** usage.localPosts */
  readonly localPosts: CheckedCount;
}

export type NodeInfoResult =
  | { readonly ok: true; readonly nodeInfo: NodeInfo }
  | { readonly ok: false; readonly reason: string };

// Longer than any real software name; a longer one is junk, not a name to group servers by.
const MAX_SOFTWARE_NAME = 64;

/**
 * Reads a NodeInfo document. Never throws. An error (the crawl's `invalid_response`) only when there is no
 * usable `software.name`: everything else missing or malformed becomes null, or a flagged count.
 */
export function parseNodeInfo(body: unknown): NodeInfoResult {
  if (!isRecord(body)) return { ok: false, reason: 'NodeInfo is not a JSON object' };
  const name = asText(at(body, 'software', 'name'), MAX_SOFTWARE_NAME)?.toLowerCase() ?? null;
  if (name === null) return { ok: false, reason: 'NodeInfo without software.name' };
  const strict = strictNodeInfoSchema.safeParse(body).success;
  // The same reading serves both paths: for a strict document it returns exactly the schema's values.
  const users = (key: string): unknown => at(body, 'usage', 'users', key);
  return {
    ok: true,
    nodeInfo: {
      schemaVersion: asText(body['version'], 16),
      strict,
      software: { name, version: asText(at(body, 'software', 'version')) },
      openRegistrations: asBoolean(body['openRegistrations']),
      usersTotal: checkCount(users('total')),
      usersActiveMonth: checkCount(users('activeMonth')),
      usersActiveHalfyear: checkCount(users('activeHalfyear')),
      localPosts: checkCount(at(body, 'usage', 'localPosts')),
    },
  };
}

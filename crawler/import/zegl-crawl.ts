// Format `zegl-crawl-jsonl`: one run of zegl/mastodon-stats (crawled/servers-YYYY-MM-DD.jsonl), one JSON
// object per line: `instance` (the server's /api/v1/instance answer, camelCased by the crawling client:
// uri, version, stats.userCount, stats.statusCount, registrations, contactAccount.createdAt) and `activity`
// (its /api/v1/instance/activity answer: weekly windows, counts as strings). The file does not say its day:
// the file name does (servers-2022-11-27.jsonl). Descriptions hold raw U+2028/U+2029, which are line
// terminators to some readers: lines are split on \n only.
import { normalizeName } from '../../core/server-name.ts';
import type { ActivityWindow, ServerObservation } from '../observation.ts';
import { parseMastodonActivity } from '../parse/mastodon.ts';
import { checkCount } from '../quality.ts';
import { dayInName, ImportFormatError, type ImportedFile } from './types.ts';
import { ZEGL_MASTODON_STATS } from '../../core/sources.ts';

export interface ZeglServer {
  readonly domain: string;
  readonly version: unknown;
  readonly users: unknown;
  readonly statuses: unknown;
  readonly registrationsOpen: unknown;
  readonly contactCreatedAt: unknown;
  readonly activity?: readonly ActivityWindow[];
  readonly documents: readonly string[];
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** One server of a zegl file as the census stores an observation: Mastodon, counts checked like the crawl's. */
export function zeglObservation(s: ZeglServer): ServerObservation {
  const parsed = typeof s.contactCreatedAt === 'string' && s.contactCreatedAt !== '' ? new Date(s.contactCreatedAt) : null;
  const created = parsed && !Number.isNaN(parsed.getTime()) ? parsed : null;
  return {
    domain: s.domain,
    status: 'ok',
    software: 'mastodon',
    version: typeof s.version === 'string' && s.version !== '' ? s.version : undefined,
    usersTotal: checkCount(s.users),
    localPosts: checkCount(s.statuses),
    openRegistrations: typeof s.registrationsOpen === 'boolean' ? s.registrationsOpen : null,
    createdAt: created,
    // The same field the crawl reads for Mastodon (docs/methodology.md, "Creation times"); the writer keeps a
    // creation time only with the field it came from.
    createdAtSource: created ? 'mastodon_contact_account' : null,
    activity: s.activity,
    sources: s.documents,
    requests: 0,
  };
}

/** A server name as the census writes it; throws naming the place when it is not one. */
export function zeglDomain(where: string, raw: unknown): string {
  const name = normalizeName(raw);
  if (!name.ok) throw new ImportFormatError(`${where}: ${JSON.stringify(raw)} is not a server name (${name.reason})`);
  return name.name;
}

const WEEK_MS = 7 * 86_400_000;

/**
 * The windows that had closed by the end of the crawl's day. The current window (Mastodon's element 0) was
 * read while open: the census's own crawl reads it again the next night (the latest observation wins), but
 * an imported run is never read again, so it would stand for the whole week with a few hours of sign-ups.
 * Left out, that week counts from the growth of the server's total instead (docs/import.md).
 */
export function closedWindows(windows: readonly ActivityWindow[], day: string): ActivityWindow[] {
  const endOfDay = Date.parse(`${day}T00:00:00Z`) + 86_400_000;
  return windows.filter((w) => w.windowStart.getTime() + WEEK_MS < endOfDay);
}

export function readZeglCrawl(name: string, text: string): ImportedFile {
  const day = dayInName(name);
  if (!day) {
    throw new ImportFormatError(`${name}: a zegl crawl file does not say its day; name it with the day, e.g. servers-2022-11-27.jsonl`);
  }
  const observations = new Map<string, ServerObservation>();
  let duplicates = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const where = `${name}: line ${i + 1}`;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch (err) {
      throw new ImportFormatError(`${where}: not JSON (${(err as Error).message})`);
    }
    if (!isRecord(record) || !isRecord(record['instance'])) throw new ImportFormatError(`${where}: no "instance" object`);
    const instance = record['instance'];
    const stats = isRecord(instance['stats']) ? instance['stats'] : {};
    const contact = isRecord(instance['contactAccount']) ? instance['contactAccount'] : {};
    if (record['activity'] !== undefined && record['activity'] !== null && !Array.isArray(record['activity'])) {
      throw new ImportFormatError(`${where}: "activity" is not a list of weekly windows`);
    }
    const domain = zeglDomain(where, instance['uri']);
    const observation = zeglObservation({
      domain,
      version: instance['version'],
      users: stats['userCount'],
      statuses: stats['statusCount'],
      registrationsOpen: instance['registrations'],
      contactCreatedAt: contact['createdAt'],
      activity: closedWindows(parseMastodonActivity(record['activity'] ?? []), day),
      documents: ['zegl-instance', 'zegl-activity'],
    });
    if (observations.has(domain)) {
      duplicates++;
      if (JSON.stringify(observations.get(domain)) !== JSON.stringify(observation)) {
        throw new ImportFormatError(`${where}: ${domain} is listed twice with different figures`);
      }
    }
    observations.set(domain, observation);
  }
  if (observations.size === 0) throw new ImportFormatError(`${name}: no servers in the file`);
  return {
    kind: 'observations',
    format: 'zegl-crawl-jsonl',
    source: ZEGL_MASTODON_STATS.id,
    days: [{ day, observations: [...observations.values()] }],
    notes: duplicates > 0 ? [`${duplicates} identical duplicate lines counted once`] : [],
  };
}

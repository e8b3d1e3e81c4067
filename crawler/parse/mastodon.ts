// Mastodon's instance API (mastodon/documentation content/en/methods/instance.md), also served by its forks
// and, partly, by Pleroma, Akkoma, Misskey and GoToSocial: only the fields the census uses (see the source
// table in docs/contributing.md), each read leniently. Never throws on a hostile body.
import type { ActivityWindow, CheckedCount } from '../observation.ts';
import { checkCount } from '../quality.ts';
import { asBoolean, asText, asTimestamp, asUnixSeconds, at, isRecord } from './values.ts';

export interface MastodonV2Instance {
  /** `usage.users.active_month`: 4 weeks of logins; forced to 0 under limited federation. */
  readonly usersActiveMonth: CheckedCount;
  /** `registrations.enabled` */
  readonly openRegistrations: boolean | null;
  /** `contact.account.created_at`: the admin account's age, a lower bound on the server's. */
  readonly createdAt: Date | null;
  readonly version: string | null;
}

/** `GET /api/v2/instance` (Mastodon 4.0+). */
export function parseMastodonV2Instance(body: unknown): MastodonV2Instance {
  return {
    usersActiveMonth: checkCount(at(body, 'usage', 'users', 'active_month')),
    openRegistrations: asBoolean(at(body, 'registrations', 'enabled')),
    createdAt: asTimestamp(at(body, 'contact', 'account', 'created_at')),
    version: asText(at(body, 'version')),
  };
}

export interface MastodonV1Instance {
  /** `stats.user_count`: the only total outside NodeInfo. */
  readonly usersTotal: CheckedCount;
  /** `stats.status_count` */
  readonly localPosts: CheckedCount;
  /** `registrations`: a boolean in v1 (an object in v2, read here too in case a server mixes them up). */
  readonly openRegistrations: boolean | null;
  /** `contact_account.created_at`; `contact_account` may be null. */
  readonly createdAt: Date | null;
  /** As sent; Pleroma's reads like "2.7.2 (compatible; Pleroma 2.x)". */
  readonly version: string | null;
}

/** `GET /api/v1/instance` (deprecated, still served; the fallback when v2 answers 404). */
export function parseMastodonV1Instance(body: unknown): MastodonV1Instance {
  const registrations = at(body, 'registrations');
  return {
    usersTotal: checkCount(at(body, 'stats', 'user_count')),
    localPosts: checkCount(at(body, 'stats', 'status_count')),
    openRegistrations: asBoolean(isRecord(registrations) ? registrations['enabled'] : registrations),
    createdAt: asTimestamp(at(body, 'contact_account', 'created_at')),
    version: asText(at(body, 'version')),
  };
}

// Mastodon sends 12 windows; a year of weeks is the most any fork plausibly sends. More is a hostile body:
// stop reading rather than store thousands of rows.
export const MAX_ACTIVITY_WINDOWS = 53;

/**
 * `GET /api/v1/instance/activity`: `[{week, statuses, logins, registrations}]`, counts usually strings, `week`
 * a Unix time in seconds (string or number). Windows without a usable `week` are skipped (they cannot be
 * placed in time); anything but an array gives no windows. Element 0 is the current, partial window.
 */
export function parseMastodonActivity(body: unknown): readonly ActivityWindow[] {
  if (!Array.isArray(body)) return [];
  const windows: ActivityWindow[] = [];
  for (const item of body.slice(0, MAX_ACTIVITY_WINDOWS)) {
    if (!isRecord(item)) continue;
    const windowStart = asUnixSeconds(item['week']);
    if (windowStart === null) continue;
    windows.push({
      windowStart,
      statuses: checkCount(item['statuses']),
      logins: checkCount(item['logins']),
      registrations: checkCount(item['registrations']),
    });
  }
  return windows;
}

const DAY_MS = 86_400_000;

/**
 * The census week of an activity window: the Monday (UTC, `YYYY-MM-DD`) of the ISO week that contains
 * `windowStart` + 3 days. Recent Mastodon starts windows at request time minus whole weeks, older versions at
 * midnight, so windows need not start on a Monday: the +3 days put each window in the week holding most of it,
 * and the same window fetched on different days gets the same key. Throws RangeError on an invalid Date
 * (a programming error: parseMastodonActivity never produces one).
 */
export function isoWeekOf(windowStart: Date): string {
  const shifted = windowStart.getTime() + 3 * DAY_MS;
  if (!Number.isFinite(shifted)) throw new RangeError('isoWeekOf: invalid date');
  const midnight = Math.floor(shifted / DAY_MS) * DAY_MS;
  const sinceMonday = (new Date(midnight).getUTCDay() + 6) % 7; // getUTCDay: 0 = Sunday
  return new Date(midnight - sinceMonday * DAY_MS).toISOString().slice(0, 10);
}

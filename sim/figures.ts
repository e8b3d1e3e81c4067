// Time-dependent facts of a host: counts that grow with the simulated date, Mastodon activity windows relative
// to "now", and which peers exist yet. The server renders these; the ground truth reads them.
import { FIGURE_FIELDS, type BaseFigures, type CheckedCount, type FigureField, type PeerEntry, type SimCatalogue, type SimHost } from './model.ts';
import { hashString } from './prng.ts';

export const DAY_MS = 86_400_000;
export const WEEK_MS = 7 * DAY_MS;

/** A server does not exist before its creation date (handshake refused, listed by nobody). */
export function existsAt(host: SimHost, now: Date): boolean {
  return now.getTime() >= host.createdAt.getTime();
}

/** True figures on `now`: the base plus whole days of growth since `growthFrom` (never before it). */
export function figuresAt(host: SimHost, now: Date): BaseFigures {
  const days = Math.max(0, Math.floor((now.getTime() - host.growthFrom.getTime()) / DAY_MS));
  const grow = (v: number | null, perUser: number): number | null =>
    v === null ? null : v + Math.floor(days * host.growthPerDay * perUser);
  return {
    usersTotal: grow(host.base.usersTotal, 1),
    usersActiveMonth: grow(host.base.usersActiveMonth, 0.3),
    usersActiveHalfyear: grow(host.base.usersActiveHalfyear, 0.6),
    localPosts: grow(host.base.localPosts, 25),
  };
}

/** How NodeInfo carries one count: left out, JSON null, or a raw value with what the rules make of it. */
export type SentCount =
  | { readonly kind: 'absent' }
  | { readonly kind: 'null' }
  | { readonly kind: 'value'; readonly raw: unknown; readonly checked: CheckedCount };

export interface NodeinfoUsage {
  readonly counts: Readonly<Record<FigureField, SentCount>>;
  /** undefined: the field is left out. */
  readonly openRegistrations: boolean | undefined;
}

/** sparse_nodeinfo hosts leave these out, so the software API has to supply them. */
const SPARSE_OMITS: ReadonlySet<FigureField> = new Set(['usersTotal', 'usersActiveMonth', 'localPosts']);

export function nodeinfoUsage(host: SimHost, now: Date): NodeinfoUsage {
  const figures = figuresAt(host, now);
  const sparse = host.quirks.has('sparse_nodeinfo');
  const asStrings = host.quirks.has('numbers_as_strings') || host.software === 'wordpress';
  const counts = {} as Record<FigureField, SentCount>;
  for (const field of FIGURE_FIELDS) {
    const value = figures[field];
    if (host.implausible?.field === field) {
      counts[field] = { kind: 'value', raw: host.implausible.raw, checked: { value: null, flag: host.implausible.flag } };
    } else if (sparse && SPARSE_OMITS.has(field)) {
      counts[field] = { kind: 'absent' };
    } else if (value === null) {
      // Misskey sends JSON null for the actives; Diaspora leaves users empty.
      counts[field] = host.software === 'diaspora' ? { kind: 'absent' } : { kind: 'null' };
    } else {
      counts[field] = { kind: 'value', raw: asStrings ? String(value) : value, checked: { value } };
    }
  }
  return { counts, openRegistrations: sparse ? undefined : host.openRegistrations };
}

/**
 * Figures as the software API reports them. They deliberately differ from NodeInfo by a small offset, so a test
 * can tell which source a stored figure came from (NodeInfo first, per docs/contributing.md).
 */
export const API_OFFSET: Readonly<Record<FigureField, number>> = {
  usersTotal: 3,
  usersActiveMonth: 2,
  usersActiveHalfyear: 1,
  localPosts: 5,
};

/** null: the figure does not exist on this host, and the API leaves the field out. */
export function apiFiguresAt(host: SimHost, now: Date): Readonly<Record<FigureField, number | null>> {
  const f = figuresAt(host, now);
  const out = {} as Record<FigureField, number | null>;
  for (const field of FIGURE_FIELDS) {
    const v = f[field];
    out[field] = v === null ? null : v + API_OFFSET[field];
  }
  return out;
}

export interface SimActivityWindow {
  readonly start: Date;
  readonly statuses: number;
  readonly logins: number;
  readonly registrations: number;
}

/**
 * Mastodon's 12 weekly windows, newest first. Older Mastodon starts them on Monday 00:00 UTC; Mastodon 4 at
 * "now minus i weeks", so their starts fall on any weekday (the activity_unaligned quirk).
 */
export function activityAt(host: SimHost, now: Date): readonly SimActivityWindow[] {
  const nowSec = Math.floor(now.getTime() / 1000) * 1000;
  const anchor = host.quirks.has('activity_unaligned') ? nowSec : mondayUtc(new Date(nowSec)).getTime();
  const windows: SimActivityWindow[] = [];
  for (let i = 0; i < 12; i++) {
    const start = new Date(anchor - i * WEEK_MS);
    const h = hashString(`${host.name}/${start.getTime()}`);
    windows.push({ start, statuses: h % 5000, logins: (h >>> 8) % 400, registrations: (h >>> 16) % 30 });
  }
  return windows;
}

/** Monday 00:00 UTC of the week containing `d`. */
export function mondayUtc(d: Date): Date {
  const midnight = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return new Date(midnight - ((d.getUTCDay() + 6) % 7) * DAY_MS);
}

/** The ISO week a window is filed under: Monday (UTC) of window start + 3 days, as YYYY-MM-DD. */
export function activityWeek(windowStart: Date): string {
  return mondayUtc(new Date(windowStart.getTime() + 3 * DAY_MS)).toISOString().slice(0, 10);
}

/** The host's peer entries on `now`: junk always, names only of servers that exist by then. */
export function peersAt(catalogue: SimCatalogue, host: SimHost, now: Date): readonly PeerEntry[] {
  return host.peers.filter((e) => {
    if (e.canonical === null) return true;
    const target = catalogue.byName.get(e.canonical);
    return target === undefined || existsAt(target, now);
  });
}

// What the summary leaves out of a day's sums: the figures of servers flagged that day by a kind that makes
// their level untrustworthy (./anomalies.ts SUMMARY_KINDS: the network kinds, known_inflation and
// active_above_total), counted by kind, so a
// reader sees how many servers and users a headline does not hold and why (definitions.ts, "left_out").
import { numOrNull, type Db, type PlainRow } from '../db.ts';
import { networkFlagCtes, SUMMARY_KINDS, SUMMARY_LEFT_OUT, type SummaryKind } from './anomalies.ts';
import type { AnomalyMode } from './weekly.ts';

/** Figures left out of the sums, and of how many servers. */
export interface LeftOutFigures {
  readonly servers: number;
  readonly users_total: number;
  readonly users_active_month: number;
  readonly local_posts: number;
}

export interface LeftOutKind extends LeftOutFigures {
  readonly kind: SummaryKind;
}

/** The totals count each server once; by_kind lists every kind of SUMMARY_KINDS (a server flagged twice is in both). */
export interface LeftOut extends LeftOutFigures {
  readonly by_kind: readonly LeftOutKind[];
}

export interface FlaggedServer {
  readonly figures: Readonly<Record<'users_total' | 'users_active_month' | 'local_posts', number | null>>;
  readonly kinds: readonly SummaryKind[];
}

/** SQL true for a `network_flagged` row flagged by a kind of SUMMARY_KINDS (the rows leftOutOf reads). */
export const FLAGGED_CONDITION = `(${SUMMARY_KINDS.join(' OR ')})`;

const FLAGGED_SQL = `
WITH ${networkFlagCtes('day = $1::DATE')}
SELECT domain, users_total, users_active_month, local_posts, ${SUMMARY_KINDS.join(', ')}
FROM network_flagged WHERE ${FLAGGED_CONDITION}`;

/** A flagged server from a row with the figures and a boolean column per kind of SUMMARY_KINDS. */
export function flaggedServerOf(r: PlainRow): FlaggedServer {
  return {
    figures: { users_total: numOrNull(r, 'users_total'), users_active_month: numOrNull(r, 'users_active_month'), local_posts: numOrNull(r, 'local_posts') },
    kinds: SUMMARY_KINDS.filter((k) => r[k] === true),
  };
}

const nothing = (): { servers: number; users_total: number; users_active_month: number; local_posts: number } =>
  ({ servers: 0, users_total: 0, users_active_month: 0, local_posts: 0 });

/** What the summary of `day` leaves out in an anomaly mode (nothing with include); summaryForDay reads the same rows in its own statement. */
export async function leftOutOn(db: Db, day: string, anomalies: AnomalyMode = 'exclude'): Promise<LeftOut> {
  const servers: FlaggedServer[] = anomalies === 'include' ? [] : (await db.all(FLAGGED_SQL, [day])).map(flaggedServerOf);
  return leftOutOf(servers);
}

/** Sums the left-out figures of flagged servers: each figure once per server, whichever kinds left it out. */
export function leftOutOf(servers: readonly FlaggedServer[]): LeftOut {
  const total = nothing();
  const byKind = new Map(SUMMARY_KINDS.map((k) => [k, nothing()]));
  for (const s of servers) {
    const fields = new Set(s.kinds.flatMap((k) => SUMMARY_LEFT_OUT[k]));
    if (fields.size === 0) continue;
    total.servers++;
    for (const f of fields) total[f] += s.figures[f] ?? 0;
    for (const k of s.kinds) {
      const held = byKind.get(k)!;
      held.servers++;
      for (const f of SUMMARY_LEFT_OUT[k]) held[f] += s.figures[f] ?? 0;
    }
  }
  return { ...total, by_kind: SUMMARY_KINDS.map((kind) => ({ kind, ...byKind.get(kind)! })) };
}

export const LEFT_OUT_NONE: LeftOut = leftOutOf([]);

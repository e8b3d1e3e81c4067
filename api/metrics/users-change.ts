// Net change in reported users between two days, over the servers reporting users_total on both
// (definitions.ts, "users_change"): change.ts's arithmetic over users_total. The figure checker shows it
// beside users joined, which counts sign-ups and rises in whole weeks and never a fall, so the two differ.
import { metricChange, type ActiveChangeQuery } from './change.ts';
import type { Db } from '../db.ts';

export interface UsersChange {
  /** The crawled day compared for the asked `from`; null when the census has none on or before it. */
  readonly from: string | null;
  readonly to: string | null;
  readonly servers_compared: number;
  readonly users_total_from: number | null;
  readonly users_total_to: number | null;
  readonly change: number | null;
  readonly servers_only_from: number;
  readonly servers_only_to: number;
}

export async function usersChange(db: Db, query: ActiveChangeQuery): Promise<UsersChange> {
  const { sum_from, sum_to, ...rest } = await metricChange(db, query, 'users_total');
  return { ...rest, users_total_from: sum_from, users_total_to: sum_to };
}

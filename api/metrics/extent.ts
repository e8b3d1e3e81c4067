// The span of days a census holds, and a requested range clamped to it. Days outside the data can only add
// empty rows, so a range is clamped before it names an answer: `from=1000-01-01` and `from=2019-01-01`
// (both before the first crawl) are then one answer, kept once, and no range can ask for a thousand years
// of empty weeks (issue #12: 6 MB per answer, the API's memory exhausted by 27 requests).
import { str, type Db } from '../db.ts';

export interface Extent {
  /** First day (or week's Monday) with data, YYYY-MM-DD. */
  readonly first: string;
  /** Last day (or week's Monday) with data. */
  readonly last: string;
}

export interface DayRange {
  readonly from: string | null;
  readonly to: string | null;
}

/** The first and last crawled day (any snapshot row); null for a census with none. */
export async function crawledExtent(db: Db): Promise<Extent | null> {
  const [row] = await db.all(`SELECT min(day) AS first, max(day) AS last FROM snapshots`);
  if (!row || row['first'] === null || row['last'] === null) return null;
  return { first: str(row, 'first'), last: str(row, 'last') };
}

/**
 * The range with each bound moved inside the extent (an absent bound stays absent: it already means "from
 * the start" or "to the end"), or null when the range misses the data altogether. `unit` maps a day to the
 * unit the extent is counted in (a week's Monday for weekly series), and bounds are compared in it.
 */
export function clampToExtent(range: DayRange, extent: Extent | null, unit: (day: string) => string = (d) => d): DayRange | null {
  if (!extent) return null;
  const from = range.from !== null && unit(range.from) < extent.first ? extent.first : range.from;
  const to = range.to !== null && unit(range.to) > extent.last ? extent.last : range.to;
  if (unit(from ?? extent.first) > unit(to ?? extent.last)) return null;
  return { from, to };
}

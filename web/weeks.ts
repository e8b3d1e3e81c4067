// Which week the data end in, and whether it is whole: one place that decides it for the charts' notes
// (web/charts.ts) and the figure checker (web/client/check-figure.ts), so a caption, its axis and the
// checker name the same week. Pure: the browser bundle imports it too.
import { addDays, mondayOf } from '../api/metrics/dates.ts';

/** The Sunday (UTC) ending the week that starts on Monday `week`. */
export const sundayOf = (week: string): string => addDays(week, 6);

/**
 * The week (its Monday) the data end in when they end before its Sunday: that week's figures hold only the
 * days crawled so far. Null when the data end on a Sunday, or there are none.
 */
export function partialWeek(dataAsOf: string | null): string | null {
  if (!dataAsOf) return null;
  const week = mondayOf(dataAsOf);
  return dataAsOf < sundayOf(week) ? week : null;
}

/** The sentence a weekly chart's caption carries about its last bar. */
export function partialWeekNote(dataAsOf: string | null): string {
  const week = partialWeek(dataAsOf);
  return week ? ` The last week, starting ${week}, is incomplete: the data end on ${dataAsOf}.` : '';
}

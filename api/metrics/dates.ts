// Calendar days as YYYY-MM-DD strings in UTC: the unit of every figure. Kept string-based so a day never
// shifts with the local time zone of whoever runs the API or the site build.

const DAY_MS = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar day written YYYY-MM-DD (2024-02-30 is not one). */
export function isCalendarDay(text: string): boolean {
  const m = DAY_PATTERN.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.toISOString().slice(0, 10) === text;
}

function toMs(day: string): number {
  if (!isCalendarDay(day)) throw new RangeError(`not a calendar day: ${day}`);
  return Date.parse(`${day}T00:00:00Z`);
}

function fromMs(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The Monday (UTC) of the ISO week holding `day`: how weeks are named everywhere in the census. */
export function mondayOf(day: string): string {
  const ms = toMs(day);
  const sinceMonday = (new Date(ms).getUTCDay() + 6) % 7; // getUTCDay: 0 = Sunday
  return fromMs(ms - sinceMonday * DAY_MS);
}

export function addDays(day: string, days: number): string {
  return fromMs(toMs(day) + days * DAY_MS);
}

/** Every Monday from the week of `from` to the week of `to`, inclusive. */
export function mondaysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let week = mondayOf(from), last = mondayOf(to); week <= last; week = addDays(week, 7)) out.push(week);
  return out;
}

// The check page's reference section: for the span the checker shows, the official series (published by
// Mastodon) beside the census's sign-ups, and why the two differ. Follows the checker's form and address.
import type { HistoryFile } from '../history-model.ts';
import { loadJson } from './figures.ts';
import { formatNumber, formatSigned } from './format.ts';
import { censusSpan, differenceReasons, quoteFor, referenceSpan, type ReferenceSpan } from './reference-figures.ts';

let last: { census: ReturnType<typeof censusSpan>; reference: ReferenceSpan | null } | null = null;
export const lastReference = () => last;

export async function initReference(): Promise<void> {
  const section = document.getElementById('reference');
  if (!section) return;
  const file = await loadJson<HistoryFile>(section.dataset.src ?? 'figures/history.json');
  const form = document.getElementById('check') as HTMLFormElement | null;
  const value = (name: string): string => ((form?.elements.namedItem(name) as HTMLInputElement | null)?.value ?? '');
  const span = (): [string, string] | null => {
    const params = new URLSearchParams(location.search);
    const from = value('from') || params.get('from') || '';
    const to = value('to') || params.get('to') || '';
    return /^\d{4}-\d{2}-\d{2}$/.test(from) && /^\d{4}-\d{2}-\d{2}$/.test(to) ? (from <= to ? [from, to] : [to, from]) : null;
  };
  const update = (): void => {
    const s = span();
    if (s) render(section, file, s[0], s[1]);
  };
  form?.addEventListener('submit', () => queueMicrotask(update));
  // The checker fills its form from the address once its own file is loaded: read the address first.
  const params = new URLSearchParams(location.search);
  const from = params.get('from');
  const to = params.get('to');
  if (from && to) render(section, file, from <= to ? from : to, from <= to ? to : from);
  else update();
}

function render(section: HTMLElement, file: HistoryFile, from: string, to: string): void {
  const ref = file.reference;
  const census = censusSpan(file, from, to);
  const reference = ref ? referenceSpan(ref.rows, from, to) : null;
  last = { census, reference };
  const set = (id: string, n: number | null, text?: string): void => {
    const el = document.getElementById(id)!;
    el.dataset.n = n === null ? '' : String(n);
    el.textContent = text ?? (n === null ? 'not published' : formatNumber(n));
  };
  section.querySelector('.status')!.textContent = ref ? '' : 'This census holds no reference series.';
  section.querySelector<HTMLElement>('.reference-figures')!.hidden = !ref;
  if (!ref) return;
  set('reference-census-users', census.usersJoined, census.usersJoined === null ? 'not reported' : undefined);
  document.getElementById('reference-census-span')!.textContent =
    `Sign-ups in the weeks starting ${census.fromWeek} to ${census.toWeek} (Mondays, UTC), from the activity windows of ` +
    `${formatNumber(file.census.windowedServers)} servers (source: ${file.sources.filter((s) => s.id !== 'fedicensus').map((s) => s.name).join(', ') || 'the census crawl'}).`;
  document.getElementById('reference-published-by')!.textContent = `${ref.name}: ${ref.publishedBy}`;
  if (reference) {
    set('reference-users', reference.usersChange, reference.usersChange === null ? undefined : formatSigned(reference.usersChange));
    set('reference-servers', reference.serversChange, reference.serversChange === null ? undefined : formatSigned(reference.serversChange));
    set('reference-active', reference.activeTo);
    document.getElementById('reference-span')!.textContent =
      `From the complete rows of ${reference.from[0]} (${formatNumber(reference.from[1] ?? 0)} users, ${formatNumber(reference.from[2] ?? 0)} servers) ` +
      `and ${reference.to[0]} (${formatNumber(reference.to[1] ?? 0)} users, ${formatNumber(reference.to[2] ?? 0)} servers), ${ref.publishedBy}; licence: ${ref.licence ?? 'not stated'}.`;
  } else {
    for (const id of ['reference-users', 'reference-servers', 'reference-active']) set(id, null, 'no row on or before this day');
    document.getElementById('reference-span')!.textContent = `The series starts on ${ref.rows[0]?.[0] ?? 'no day'}.`;
  }
  const quote = reference ? quoteFor(file, reference.from[0], reference.to[0]) : null;
  const quoteEl = document.getElementById('reference-quote')!;
  quoteEl.hidden = !quote;
  quoteEl.textContent = quote
    ? `Quoted at the time: ${quote.by}: ${formatNumber(quote.usersJoined ?? 0)} new users, ${formatNumber(quote.serversJoined ?? 0)} new servers, ${formatNumber(quote.active ?? 0)} monthly actives; ${quote.note}.`
    : '';
  document.getElementById('reference-reasons')!.replaceChildren(
    ...differenceReasons(file, census, reference).map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
  document.getElementById('reference-definition')!.textContent = ref.definition;
}

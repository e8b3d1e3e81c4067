// "Is this claim right?": reads the form (or the address), answers from figures/history.json with
// reference-figures.ts, and keeps the question in the address so the answer has a permalink.
import type { HistoryFile } from '../history-model.ts';
import { loadJson } from './figures.ts';
import { formatNumber } from './format.ts';
import { answerClaim, CLAIM_METRICS, parseFigure, type ClaimAnswer, type ClaimMetric } from './reference-figures.ts';

let last: ClaimAnswer | null = null;
export const lastClaim = (): ClaimAnswer | null => last;

export async function initClaim(): Promise<void> {
  const form = document.getElementById('claim') as HTMLFormElement | null;
  if (!form) return;
  const file = await loadJson<HistoryFile>(form.dataset.src ?? 'figures/history.json');
  const field = (name: string) => form.elements.namedItem(name) as HTMLInputElement;
  const run = (): void => {
    const value = parseFigure(field('value').value);
    const metric = field('metric').value as ClaimMetric;
    const to = field('to').value;
    const status = document.querySelector('#claim-result .status')!;
    if (value === null || !/^\d{4}-\d{2}-\d{2}$/.test(to) || !CLAIM_METRICS.includes(metric)) {
      status.textContent = 'Type a figure (such as 1.5 million or 4,600) and a day.';
      return;
    }
    status.textContent = '';
    const from = field('from').value || null;
    render(answerClaim(file, { value, metric, from, to }), file);
    const q = new URLSearchParams({ value: field('value').value, metric, to, ...(from ? { from } : {}) });
    history.replaceState(null, '', `?${q}`);
    (document.getElementById('claim-permalink') as HTMLAnchorElement).href = location.href;
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  const params = new URLSearchParams(location.search);
  for (const name of ['value', 'metric', 'from', 'to']) {
    const v = params.get(name);
    if (v) field(name).value = v;
  }
  if (params.get('value') && params.get('to')) run();
}

function render(a: ClaimAnswer, file: HistoryFile): void {
  last = a;
  const who = file.reference?.publishedBy ?? 'the reference series';
  document.querySelector<HTMLElement>('#claim-result dl.figures')!.hidden = false;
  const ref = document.getElementById('claim-reference')!;
  ref.dataset.n = a.reference?.value == null ? '' : String(a.reference.value);
  ref.textContent = a.reference?.value == null
    ? 'no published row for these dates'
    : `${formatNumber(a.reference.value)} (${a.reference.fromDay ? `${a.reference.fromDay} to ` : ''}${a.reference.toDay})`;
  document.getElementById('claim-closest')!.textContent = a.closest ? `${a.closest.day}: ${formatNumber(a.closest.value)}` : 'none within a week of these dates';
  const census = document.getElementById('claim-census')!;
  census.dataset.n = a.census.value === null ? '' : String(a.census.value);
  census.textContent = a.census.value === null ? 'not observed' : formatNumber(a.census.value);
  document.getElementById('claim-census-text')!.textContent = `The census: ${a.census.text}.`;
  const near = a.crossings.filter(([x, y]) => a.closest && (x.day === a.closest.day || y.day === a.closest.day));
  const verdicts: Record<ClaimAnswer['verdict'], string> = {
    matches: near.length
      ? `${formatNumber(a.query.value)} matches the series ${who} between ${near[0]![0].day} and ${near[0]![1].day}: ${formatNumber(near[0]![0].value)} and ${formatNumber(near[0]![1].value)}.`
      : `${formatNumber(a.query.value)} matches the series ${who} on ${a.closest?.day}: ${formatNumber(a.closest?.value ?? 0)}.`,
    close: `${formatNumber(a.query.value)} is within 5% of the series ${who}: ${formatNumber(a.closest?.value ?? 0)} on ${a.closest?.day}.`,
    differs: `${formatNumber(a.query.value)} does not match the series ${who} within a week of these dates${a.closest ? ` (closest: ${formatNumber(a.closest.value)} on ${a.closest.day})` : ''}.`,
    'no reference': 'This census holds no reference series to compare with.',
  };
  document.getElementById('claim-verdict')!.textContent = verdicts[a.verdict];
  const list = (id: string, lines: readonly string[]) =>
    document.getElementById(id)!.replaceChildren(...lines.map((text) => Object.assign(document.createElement('li'), { textContent: text })));
  list('claim-crossings', a.crossings.length
    ? a.crossings.map(([x, y]) => `between ${x.day} (${formatNumber(x.value)}) and ${y.day} (${formatNumber(y.value)})`)
    : ['never, in the days published']);
  list('claim-explanations', a.explanations);
}
